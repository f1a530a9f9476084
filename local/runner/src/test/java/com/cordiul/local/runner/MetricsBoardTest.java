package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The local board reads metrics documents as CloudWatch does and shows them readably; other lines are ignored. */
class MetricsBoardTest {

    private static final String DOCUMENT = "{\"_aws\":{\"Timestamp\":1760000000000,\"CloudWatchMetrics\":["
            + "{\"Namespace\":\"Cordiul/local\",\"Dimensions\":[[\"Status\"]],\"Metrics\":["
            + "{\"Name\":\"CallsTerminal\",\"Unit\":\"Count\"}]},"
            + "{\"Namespace\":\"Cordiul/local\",\"Dimensions\":[[]],\"Metrics\":["
            + "{\"Name\":\"CallsAccepted\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"DialLatency\",\"Unit\":\"Milliseconds\"}]}]},"
            + "\"Status\":\"failed\",\"CallsTerminal\":1,\"CallsAccepted\":1,\"DialLatency\":[12.5,30],"
            + "\"function_name\":\"CreateCallFunction\",\"function_request_id\":\"r-1\"}";

    @Test
    void documents_addUpPerMetricAndDimensions_andEchoAsOneReadableLine() {
        MetricsBoard board = new MetricsBoard();
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        board.echoTo(new PrintStream(echoed, true, StandardCharsets.UTF_8));

        board.accept(DOCUMENT);
        board.accept(DOCUMENT);
        board.accept("{\"level\":\"INFO\",\"message\":\"call placed\"}");
        board.accept("[runner] POST /api/calls/create -> 201");

        assertThat(board.figures().get("Cordiul/local CallsAccepted").sum()).isEqualTo(2);
        assertThat(board.figures().get("Cordiul/local CallsTerminal {Status=failed}").datapoints()).isEqualTo(2);
        assertThat(board.figures().get("Cordiul/local DialLatency").datapoints()).isEqualTo(4);
        assertThat(board.page()).contains("2 documents", "Cordiul/local CallsTerminal {Status=failed}",
                "{CreateCallFunction=2}");
        assertThat(echoed.toString(StandardCharsets.UTF_8).lines()).hasSize(2).first().asString()
                .isEqualTo("[metrics] CreateCallFunction CallsTerminal{Status=failed}=1 CallsAccepted=1 "
                        + "DialLatency=[12.5, 30]ms");
    }

    @Test
    void anEmptyBoard_saysSo() {
        assertThat(new MetricsBoard().page()).contains("0 documents", "(none yet: place a call)");
    }
}
