package com.cordiul.bench.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreloadableClassesTest {

    private static final Path LAYER_JAR = Path.of("/w/opt/layer/java/lib/jackson-core-2.17.jar");
    private static final Path TASK_ROOT = Path.of("/w/task/get-call");

    @Test
    void keepsLayerTaskRootAndRuntimeImageClasses_sorted_andDropsTheRest() {
        List<String> log = List.of(
                "java.lang.Object source: shared objects file",
                "[0.512s][info][class,load] java.util.concurrent.ConcurrentSkipListMap source: jrt:/java.base",
                "com.fasterxml.jackson.core.JsonFactory source: file:" + LAYER_JAR,
                "com.cordiul.fn.getcall.GetCallHandler source: file:/w/task/get-call/",
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda source: file:/w/runtime/lib/ric.jar",
                "com.cordiul.api.ApiEdge$$Lambda$42/0x0000000800c4b000 source: com.cordiul.api.ApiEdge",
                "java.lang.invoke.LambdaForm$MH/0x0000000800c10400 source: __JVM_LookupDefineClass__",
                "jdk.internal.reflect.GeneratedMethodAccessor1 source: __JVM_DefineClass__",
                "[0.600s][info][gc] a line that is no class load");

        assertThat(PreloadableClasses.of(log, List.of(LAYER_JAR, TASK_ROOT))).containsExactly(
                "com.cordiul.fn.getcall.GetCallHandler",
                "com.fasterxml.jackson.core.JsonFactory",
                "java.util.concurrent.ConcurrentSkipListMap");
    }

    @Test
    void theRuntimeJars_countOnlyWhenPassed() {
        List<String> log = List.of(
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda source: file:/w/runtime/lib/ric.jar");

        assertThat(PreloadableClasses.of(log, List.of(Path.of("/w/runtime/lib/ric.jar"))))
                .containsExactly("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    }
}
