package com.cordiul.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CustomResourceRequestTest {

    static String event(String type, String responseUrl) {
        return """
                {"RequestType": "%s",
                 "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:p",
                 "ResponseURL": "%s",
                 "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/cordiul/1",
                 "RequestId": "req-1",
                 "ResourceType": "Custom::SipMediaApplication",
                 "LogicalResourceId": "CordiulSipMediaApplication",
                 "PhysicalResourceId": "sma-1",
                 "ResourceProperties": {"ServiceToken": "arn", "Name": "cordiul-calls", "AwsRegion": "us-east-1",
                   "Endpoints": [{"LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:f"}]},
                 "OldResourceProperties": {"Name": "before"}}
                """.formatted(type, responseUrl);
    }

    private static CustomResourceRequest parse(String json) {
        return CustomResourceRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCloudFormationRequest_isReadWholly_withoutTheServiceTokenInItsProperties() {
        CustomResourceRequest request = parse(event("Update", "https://bucket.s3.amazonaws.com/key?Signature=x"));

        assertThat(request.type()).isEqualTo(CustomResourceRequest.Type.UPDATE);
        assertThat(request.responseUrl().getHost()).isEqualTo("bucket.s3.amazonaws.com");
        assertThat(request.stackId()).endsWith("stack/cordiul/1");
        assertThat(request.requestId()).isEqualTo("req-1");
        assertThat(request.resourceType()).isEqualTo("Custom::SipMediaApplication");
        assertThat(request.logicalResourceId()).isEqualTo("CordiulSipMediaApplication");
        assertThat(request.physicalResourceId()).isEqualTo("sma-1");
        assertThat(request.properties()).containsOnlyKeys("Name", "AwsRegion", "Endpoints");
        assertThat(request.oldProperties()).containsExactly(Map.entry("Name", "before"));
    }

    @Test
    void eachRequestType_isKnown_andAnyOtherIsNone() {
        assertThat(List.of("Create", "Update", "Delete", "Frobnicate", "create"))
                .map(t -> parse(event(t, "https://h/k")).type())
                .containsExactly(CustomResourceRequest.Type.CREATE, CustomResourceRequest.Type.UPDATE,
                        CustomResourceRequest.Type.DELETE, null, null);
    }

    @Test
    void anEventWithoutAUsableResponseUrl_cannotBeAnswered() {
        for (String url : List.of("", "not a url", "ftp://h/k", "http://bucket.s3.amazonaws.com/k",
                "http://10.0.0.1/k", "http://cafe/k", "file:///etc/passwd", "/relative")) {
            assertThatThrownBy(() -> parse(event("Create", url))).as(url)
                    .isInstanceOf(UnanswerableEventException.class);
        }
        assertThatThrownBy(() -> parse("{\"RequestType\":\"Create\"}")).isInstanceOf(UnanswerableEventException.class);
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(UnanswerableEventException.class);
        assertThatThrownBy(() -> parse("{oops")).isInstanceOf(UnanswerableEventException.class);
    }

    @Test
    void plainHttp_isAcceptedOnlyToALoopbackHost() {
        for (String url : List.of("http://127.0.0.1:8080/k?s=1", "http://localhost/k", "http://[::1]:9/k",
                "https://bucket.s3.amazonaws.com/k")) {
            assertThat(parse(event("Create", url)).responseUrl()).as(url).hasToString(url);
        }
    }

    @Test
    void missingFields_areNulls_forTheRunnerToRefuse() {
        CustomResourceRequest request = parse("{\"ResponseURL\":\"https://h/k\",\"ResourceProperties\":7}");
        assertThat(request.type()).isNull();
        assertThat(request.requestId()).isNull();
        assertThat(request.properties()).isEmpty();
    }

    @Property(tries = 300)
    void anyBytes_areReadOrRefusedAsUnanswerable_neverAnythingElse(@ForAll byte[] bytes) {
        try {
            CustomResourceRequest.parse(bytes);
        } catch (UnanswerableEventException expected) {
            // The only refusal there is.
        }
    }
}
