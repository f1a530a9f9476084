package com.cordiul.wiring;

import com.cordiul.core.SortableId;
import com.cordiul.keys.ApiKeyGenerator;
import com.cordiul.keys.ApiKeyService;
import java.time.Clock;

/**
 * The wiring of the keys family: {@code POST /api/api-keys}, {@code GET /api/api-keys},
 * {@code DELETE /api/api-keys/{id}}.
 */
public final class KeysModule extends ApiModule {

    private static KeysModule instance;

    private ApiKeyService apiKeys;

    private KeysModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized KeysModule instance() {
        if (instance == null) {
            instance = new KeysModule();
        }
        return instance;
    }

    /** Creating, listing and revoking keys. */
    public synchronized ApiKeyService apiKeys() {
        if (apiKeys == null) {
            apiKeys = new ApiKeyService(apiKeyStore(), new ApiKeyGenerator(), SortableId.system(), Clock.systemUTC());
        }
        return apiKeys;
    }
}
