package com.cordiul.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassPreloaderTest {

    private static final String LIST = "com/cordiul/priming/preload-test-classes.txt";
    private static final String SAMPLE = "com.cordiul.priming.PreloadSample";

    @Test
    void listedClasses_areLoadedByTheGivenLoader_withoutRunningTheirStaticInitializers() throws Exception {
        try (IsolatingLoader loader = new IsolatingLoader(Set.of())) {
            assertThat(loader.hasLoaded(SAMPLE)).isFalse();

            ClassPreloader.Outcome outcome = new ClassPreloader(loader, LIST).preload();

            assertThat(loader.hasLoaded(SAMPLE)).isTrue();
            assertThat(loader.hasLoaded(SAMPLE + "$Nested")).isTrue();
            assertThat(loader.hasLoaded("com.cordiul.priming.PreloadSampleChild")).isTrue();
            assertThat(System.getProperty(PreloadSample.INITIALIZED)).isNull();
            assertThat(outcome.listFound()).isTrue();
            assertThat(outcome.listed()).isEqualTo(4);
            assertThat(outcome.loaded()).isEqualTo(3);
        }
    }

    @Test
    void missingClasses_areSkippedAndCounted() throws Exception {
        try (IsolatingLoader loader = new IsolatingLoader(Set.of())) {
            ClassPreloader.Outcome outcome = new ClassPreloader(loader, LIST).preload();

            assertThat(outcome.missing()).containsExactly("com.cordiul.core.NoSuchClassAnyMore");
            assertThat(outcome.failed()).isEmpty();
        }
    }

    @Test
    void aClassThatCannotBeLinked_isCountedAsFailed_andTheOthersStillLoad() throws Exception {
        try (IsolatingLoader loader = new IsolatingLoader(Set.of(SAMPLE))) {
            ClassPreloader.Outcome outcome = new ClassPreloader(loader, LIST).preload();

            assertThat(outcome.failed()).containsExactly("com.cordiul.priming.PreloadSampleChild");
            assertThat(outcome.missing()).containsExactly(SAMPLE, "com.cordiul.core.NoSuchClassAnyMore");
            assertThat(loader.hasLoaded(SAMPLE + "$Nested")).isTrue();
        }
    }

    @Test
    void aMissingList_isANoOp() throws Exception {
        try (IsolatingLoader loader = new IsolatingLoader(Set.of())) {
            ClassPreloader.Outcome outcome = new ClassPreloader(loader, "com/cordiul/priming/no-such-list.txt")
                    .preload();

            assertThat(outcome.listFound()).isFalse();
            assertThat(outcome.listed()).isZero();
            assertThat(loader.hasLoaded(SAMPLE)).isFalse();
        }
    }

    @Test
    void commentsAndBlankLines_areIgnored() {
        assertThat(ClassPreloader.parse(List.of("# header", "", "   ", "a.B", "  c.D$E  # why", "#f.G", "h.I#")))
                .containsExactly("a.B", "c.D$E", "h.I");
    }

    @Test
    void checkpointHooks_neverThrow_evenWhenTheLoaderFails() {
        ClassLoader broken = new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                throw new IOException("broken jar");
            }
        };
        ClassPreloader preloader = new ClassPreloader(broken, LIST);

        assertThatCode(() -> {
            preloader.beforeCheckpoint(null);
            preloader.afterRestore(null);
        }).doesNotThrowAnyException();
        assertThat(preloader.preload().listFound()).isFalse();
    }

    @Test
    void aLoaderThatThrowsWhileLoading_failsOnlyThatClass() throws Exception {
        try (IsolatingLoader loader = new IsolatingLoader(Set.of()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.endsWith("$Nested")) {
                    throw new IllegalStateException("refused");
                }
                return super.loadClass(name, resolve);
            }
        }) {
            ClassPreloader.Outcome outcome = new ClassPreloader(loader, LIST).preload();

            assertThat(outcome.failed()).containsExactly(SAMPLE + "$Nested");
            assertThat(outcome.loaded()).isEqualTo(2);
        }
    }

    @Test
    void of_givesOnePreloaderPerClassLoader() {
        ClassPreloader first = ClassPreloader.of(ClassPreloaderTest.class);

        assertThat(ClassPreloader.of(PreloadSampleChild.class)).isSameAs(first);
    }

    /** The test classes again, in a loader of their own (its parent sees only the JDK), hiding some names. */
    private static class IsolatingLoader extends URLClassLoader {

        private final Set<String> hidden;

        IsolatingLoader(Set<String> hidden) throws Exception {
            super(new URL[] {ClassPreloaderTest.class.getProtectionDomain().getCodeSource().getLocation()},
                    ClassLoader.getPlatformClassLoader());
            this.hidden = hidden;
        }

        boolean hasLoaded(String name) {
            return findLoadedClass(name) != null;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hidden.contains(name)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
