package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router(List.of(
            new Route("get", "/api/calls/list", "List", "Api", null),
            new Route("get", "/api/calls/{id}", "Get", "Api", null),
            new Route("post", "/api/calls/create", "Create", "Api", null),
            new Route("delete", "/api/api-keys/{id}", "Revoke", "Api", null),
            new Route("any", "/files/{proxy+}", "Files", "Api", null),
            new Route("get", "/files/readme", "Readme", "Api", null)));

    @Test
    void literalSegment_winsOverParameter() {
        assertThat(function("GET", "/api/calls/list")).isEqualTo("List");
        assertThat(function("GET", "/api/calls/other")).isEqualTo("Get");
    }

    @Test
    void pathParameters_areDecoded() {
        Router.Found found = (Router.Found) router.match("GET", "/api/calls/call%2F1%20x");
        assertThat(found.pathParameters()).isEqualTo(Map.of("id", "call/1 x"));
    }

    @Test
    void plusInAPath_staysAPlus() {
        Router.Found found = (Router.Found) router.match("GET", "/api/calls/a+b");
        assertThat(found.pathParameters()).isEqualTo(Map.of("id", "a+b"));
    }

    @Test
    void wrongMethod_onAKnownResource_isNoMethod_evenWhenAParameterResourceHasIt() {
        assertThat(router.match("POST", "/api/calls/list")).isEqualTo(new Router.NoMethod("/api/calls/list"));
        assertThat(router.match("GET", "/api/calls/create")).isEqualTo(new Router.NoMethod("/api/calls/create"));
    }

    @Test
    void unknownPath_isNoResource() {
        assertThat(router.match("GET", "/api/nothing")).isInstanceOf(Router.NoResource.class);
        assertThat(router.match("GET", "/api/calls/1/extra")).isInstanceOf(Router.NoResource.class);
        assertThat(router.match("GET", "/api/calls/")).isInstanceOf(Router.NoResource.class);
        assertThat(router.match("GET", "/")).isInstanceOf(Router.NoResource.class);
    }

    @Test
    void emptySegment_doesNotFillAParameter() {
        assertThat(router.match("DELETE", "/api/api-keys//")).isInstanceOf(Router.NoResource.class);
    }

    @Test
    void trailingSlash_isIgnored() {
        assertThat(function("GET", "/api/calls/list/")).isEqualTo("List");
    }

    @Test
    void greedyParameter_takesTheRest_andLosesToLiterals() {
        Router.Found found = (Router.Found) router.match("PUT", "/files/a/b%20c");
        assertThat(found.route().functionId()).isEqualTo("Files");
        assertThat(found.pathParameters()).isEqualTo(Map.of("proxy", "a/b c"));
        assertThat(function("GET", "/files/readme")).isEqualTo("Readme");
        assertThat(router.match("GET", "/files")).isInstanceOf(Router.NoResource.class);
    }

    @Test
    void methodAny_acceptsEveryMethod() {
        assertThat(function("PATCH", "/files/x")).isEqualTo("Files");
    }

    @Test
    void sameMethodAndPathTwice_isRefused() {
        assertThatThrownBy(() -> new Router(List.of(new Route("get", "/a", "One", "Api", null),
                new Route("GET", "/a/", "Two", "Api", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("One").hasMessageContaining("Two");
    }

    private String function(String method, String path) {
        return ((Router.Found) router.match(method, path)).route().functionId();
    }
}
