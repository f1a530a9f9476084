package com.cordiul.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package uses which, read from compiled classes: every class a class file's constant pool names (its
 * superclass, interfaces, the classes it calls, instantiates, catches or casts to) and every type in its field and
 * method descriptors and generic signatures. Imports that the compiler dropped leave no trace, which is right:
 * only what the bytecode needs is a dependency. The graph's strongly connected components of more than one
 * package are its cycles.
 */
final class PackageGraph {

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");

    /** package -> package -> the class-level references that make the edge, e.g. "a.X -> b.Y". */
    private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

    private PackageGraph() {
    }

    /** The graph of the classes under {@code classes} whose binary names start with {@code prefix}. */
    static PackageGraph read(Path classes, String prefix) {
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    graph.add(ClassRefs.read(in), prefix);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private void add(ClassRefs refs, String prefix) {
        if (!refs.name().startsWith(prefix)) {
            return;
        }
        String from = packageOf(refs.name());
        edges.computeIfAbsent(from, k -> new TreeMap<>());
        for (String used : refs.used()) {
            String to = packageOf(used);
            if (used.startsWith(prefix) && !to.equals(from)) {
                edges.get(from).computeIfAbsent(to, k -> new TreeSet<>())
                        .add(simple(refs.name()) + " -> " + simple(used));
            }
        }
    }

    /** Every package seen. */
    Set<String> packages() {
        return edges.keySet();
    }

    /** The packages one package uses directly. */
    Set<String> uses(String pkg) {
        return edges.getOrDefault(pkg, Map.of()).keySet();
    }

    /**
     * Each cycle as the packages of one strongly connected component, with the class references along its edges,
     * one line per edge: {@code a -> b (a.X -> b.Y, ...)}. Empty when the graph is acyclic.
     */
    List<String> cycles() {
        List<String> described = new ArrayList<>();
        for (Set<String> component : components()) {
            if (component.size() < 2) {
                continue;
            }
            StringBuilder text = new StringBuilder("cycle among " + component + ":");
            for (String from : component) {
                edges.getOrDefault(from, Map.of()).forEach((to, why) -> {
                    if (component.contains(to)) {
                        text.append("\n  ").append(from).append(" -> ").append(to).append(" (")
                                .append(String.join(", ", why)).append(')');
                    }
                });
            }
            described.add(text.toString());
        }
        return described;
    }

    /** Tarjan's strongly connected components, iteratively (no recursion depth to worry about). */
    private List<Set<String>> components() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new LinkedHashSet<>();
        List<Set<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String root : edges.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {root, uses(root).iterator()});
            index.put(root, counter[0]);
            low.put(root, counter[0]++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String node = (String) frame[0];
                @SuppressWarnings("unchecked")
                var next = (java.util.Iterator<String>) frame[1];
                if (next.hasNext()) {
                    String to = next.next();
                    if (!index.containsKey(to)) {
                        index.put(to, counter[0]);
                        low.put(to, counter[0]++);
                        stack.push(to);
                        onStack.add(to);
                        work.push(new Object[] {to, uses(to).iterator()});
                    } else if (onStack.contains(to)) {
                        low.put(node, Math.min(low.get(node), index.get(to)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    Set<String> component = new TreeSet<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(node));
                    result.add(component);
                }
            }
        }
        return result;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String simple(String className) {
        String name = className.substring(className.lastIndexOf('.') + 1);
        int nested = name.indexOf('$');
        return packageOf(className) + "." + (nested < 0 ? name : name.substring(0, nested));
    }

    /** One class file's own name and the classes its constant pool names, as binary names with dots. */
    record ClassRefs(String name, Set<String> used) {

        static ClassRefs read(InputStream stream) throws IOException {
            DataInputStream in = new DataInputStream(stream);
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            String self = dotted(utf8[classNameIndex[in.readUnsignedShort()]]);
            Set<String> used = new TreeSet<>();
            for (int i = 1; i < count; i++) {
                if (classNameIndex[i] != 0) {
                    String name = utf8[classNameIndex[i]];
                    // Array classes are named by their descriptor, e.g. [Lcom/x/Y;
                    Matcher array = DESCRIPTOR_TYPE.matcher(name);
                    used.add(name.startsWith("[") ? (array.find() ? dotted(array.group(1)) : "") : dotted(name));
                } else if (utf8[i] != null) {
                    Matcher types = DESCRIPTOR_TYPE.matcher(utf8[i]);
                    while (types.find()) {
                        used.add(dotted(types.group(1)));
                    }
                }
            }
            used.remove(self);
            used.remove("");
            return new ClassRefs(self, used);
        }

        private static String dotted(String internalName) {
            return internalName.replace('/', '.');
        }
    }
}
