package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadmeCurlTest {

    private static final String DOC = """
            # Title

            ## Things

            ```bash
            API=https://example.com   # not a curl
            curl --request POST --url "$API/api/things" \\
              --header "x-api-key: $KEY" --header 'Content-Type: application/json' \\
              --data '{"name": "it'"'"'s", "path": "$API"}'
            # 201 {"success":true,"data":{"id":"t_1"},
            #      "error":null}
            curl "$API/api/things?limit=5" -H "Authorization: Bearer $(cat .key)"   # newest five
            ```

            ```json
            curl not-bash
            ```

            ## Other

            ```bash
            curl -X DELETE "$API/api/things/1"
            ```
            """;

    private static final Map<String, String> VALUES =
            Map.of("API", "http://127.0.0.1:1", "KEY", "k1", "cat .key", "k2");

    @Test
    void commandsOfASection_areReadAsAShellRunsThem() {
        List<ReadmeCurl> commands = ReadmeCurl.inSection(DOC, "Things", VALUES::get);

        assertThat(commands).hasSize(2);
        ReadmeCurl create = commands.get(0);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.url()).isEqualTo("http://127.0.0.1:1/api/things");
        assertThat(create.headers()).containsEntry("x-api-key", "k1")
                .containsEntry("Content-Type", "application/json");
        assertThat(create.body()).isEqualTo("{\"name\": \"it's\", \"path\": \"$API\"}");
        assertThat(create.documentedStatus()).isEqualTo(201);
        assertThat(create.documentedAnswer()).contains("\"id\":\"t_1\"", "\"error\":null");

        ReadmeCurl list = commands.get(1);
        assertThat(list.method()).isEqualTo("GET");
        assertThat(list.url()).isEqualTo("http://127.0.0.1:1/api/things?limit=5");
        assertThat(list.headers()).containsExactly(Map.entry("Authorization", "Bearer k2"));
        assertThat(list.documentedStatus()).isZero();
    }

    @Test
    void sectionsEndAtTheNextSecondLevelHeading() {
        assertThat(ReadmeCurl.inSection(DOC, "Other", VALUES::get)).singleElement()
                .satisfies(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void anUnknownCurlOption_isReported_ratherThanIgnored() {
        String doc = "\n## S\n\n```bash\ncurl --insecure \"$API/x\"\n```\n";
        assertThatThrownBy(() -> ReadmeCurl.inSection(doc, "S", VALUES::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--insecure");
    }
}
