package com.cordiul.identity;

/** The one credential a request presents: an API key or a Clerk session token. */
public sealed interface Credential permits Credential.ApiKey, Credential.SessionToken {

    /** An API key, from {@code Authorization: Bearer} or {@code x-api-key}; its value is a secret. */
    record ApiKey(String value) implements Credential {
        @Override
        public String toString() {
            return "ApiKey[redacted]";
        }
    }

    /** A Clerk session JWT, from {@code Authorization: Bearer}; its value is a secret. */
    record SessionToken(String value) implements Credential {
        @Override
        public String toString() {
            return "SessionToken[redacted]";
        }
    }
}
