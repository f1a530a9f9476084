package com.cordiul.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Jackson's data binding for tests that read responses as trees; the layer itself ships without it. */
public final class TestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {
    }

    /** A plain shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
