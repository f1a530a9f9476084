package com.cordiul.local.runner;

import com.cordiul.local.runner.environment.SandboxEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The class loader of one in-process function instance: the function's artifacts only (parent: the platform class
 * loader, so nothing of the runner or of another function is visible), and its own environment variables. The few
 * classes of the artifacts that call {@code System.getenv} (found once per jar) are defined with those calls
 * pointed at this instance's {@link SandboxEnvironment}, which the loader defines too; every other class is
 * defined untouched, as {@link URLClassLoader} defines it.
 */
final class FunctionClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final String SYSTEM = "java/lang/System";
    private static final String REPLACEMENT = SandboxEnvironment.class.getName().replace('.', '/');
    private static final byte[] GETENV = "getenv".getBytes(StandardCharsets.US_ASCII);
    /** Per jar (path, size, time): the classes that call System.getenv. */
    private static final Map<String, Set<String>> CALLERS = new ConcurrentHashMap<>();

    private final Set<String> rewritten = new HashSet<>();

    FunctionClassLoader(String name, List<URL> classPath, Map<String, String> environment) {
        super(name, classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        classPath.forEach(url -> rewritten.addAll(callers(url)));
        try {
            Class.forName(SandboxEnvironment.class.getName(), true, this).getMethod("set", Map.class)
                    .invoke(null, environment);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not give the function instance its environment", e);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (SandboxEnvironment.class.getName().equals(name)) {
            return define(name, ownBytes(name), SandboxEnvironment.class.getProtectionDomain().getCodeSource()
                    .getLocation());
        }
        if (!rewritten.contains(name)) {
            return super.findClass(name);
        }
        URL resource = findResource(name.replace('.', '/') + ".class");
        if (resource == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = resource.openStream()) {
            return define(name, redirect(in.readAllBytes()), location(resource));
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    private Class<?> define(String name, byte[] bytes, URL location) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
            try {
                definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
            } catch (IllegalArgumentException e) {
                // Another thread defined it meanwhile.
            }
        }
        return defineClass(name, bytes, 0, bytes.length, new CodeSource(location, (CodeSigner[]) null));
    }

    /** The class with {@code System.getenv(...)} calls turned into {@code SandboxEnvironment.getenv(...)}. */
    static byte[] redirect(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String type,
                                                boolean isInterface) {
                        boolean getenv = opcode == Opcodes.INVOKESTATIC && SYSTEM.equals(owner)
                                && "getenv".equals(method);
                        super.visitMethodInsn(opcode, getenv ? REPLACEMENT : owner, method, type, isInterface);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String method, String type, Handle bootstrap,
                                                       Object... arguments) {
                        Object[] redirected = arguments.clone();
                        for (int i = 0; i < redirected.length; i++) {
                            if (redirected[i] instanceof Handle h && SYSTEM.equals(h.getOwner())
                                    && "getenv".equals(h.getName())) {
                                // System::getenv as a method reference.
                                redirected[i] = new Handle(h.getTag(), REPLACEMENT, h.getName(), h.getDesc(), false);
                            }
                        }
                        super.visitInvokeDynamicInsn(method, type, bootstrap, redirected);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    /** The classes of a jar or a class folder that mention getenv, from a scan of their bytes (cached per jar). */
    private static Set<String> callers(URL url) {
        Path path;
        try {
            path = Path.of(url.toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return Set.of();
        }
        if (Files.isDirectory(path)) {
            return scanFolder(path);
        }
        try {
            String key = path + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis();
            return CALLERS.computeIfAbsent(key, k -> scanJar(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> scanJar(Path jar) {
        Set<String> names = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile(), false, JarFile.OPEN_READ, JarFile.runtimeVersion())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        if (contains(in.readAllBytes(), GETENV)) {
                            names.add(name.substring(0, name.length() - 6).replace('/', '.'));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + jar, e);
        }
        return Set.copyOf(names);
    }

    private static Set<String> scanFolder(Path folder) {
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                if (contains(Files.readAllBytes(file), GETENV)) {
                    String relative = folder.relativize(file).toString().replace('\\', '/');
                    names.add(relative.substring(0, relative.length() - 6).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + folder, e);
        }
        return names;
    }

    private static boolean contains(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] ownBytes(String name) throws ClassNotFoundException {
        try (InputStream in = FunctionClassLoader.class.getClassLoader()
                .getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    private static URL location(URL resource) throws IOException {
        if ("jar".equals(resource.getProtocol())) {
            return ((JarURLConnection) resource.openConnection()).getJarFileURL();
        }
        return resource;
    }
}
