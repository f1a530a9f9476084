package com.cordiul.local.runner;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Calls a handler method the way the Java runtime does: a {@code RequestStreamHandler} (or any method taking an
 * InputStream and an OutputStream) gets the raw event bytes; any other method gets the event deserialized into
 * its parameter type, with aws-lambda-java-serialization (the event serializers for aws-lambda-java-events types,
 * its Jackson factory for everything else), and its result serialized the same way.
 */
final class HandlerInvoker {

    private final Method method;
    private final boolean stream;
    private final boolean takesContext;
    private final PojoSerializer<Object> input;
    private final Type outputType;
    private final ClassLoader loader;

    private HandlerInvoker(Method method, boolean stream, boolean takesContext, PojoSerializer<Object> input,
                           Type outputType, ClassLoader loader) {
        this.method = method;
        this.stream = stream;
        this.takesContext = takesContext;
        this.input = input;
        this.outputType = outputType;
        this.loader = loader;
    }

    /** Finds the handler method named {@code name} on the class, as Lambda resolves {@code Class::method}. */
    static HandlerInvoker forMethod(Class<?> type, String name, ClassLoader loader) {
        Class<?> context = LambdaContexts.contextInterface(loader);
        Optional<Method> found = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !m.isSynthetic())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> shape(m, context) >= 0)
                .min(Comparator.comparingInt(m -> shape(m, context)));
        Method method = found.orElseThrow(() -> new IllegalStateException("No handler method " + type.getName()
                + "::" + name + " taking (event[, Context]) or (InputStream, OutputStream[, Context])"));
        method.setAccessible(true);
        int shape = shape(method, context);
        boolean stream = shape <= 1;
        boolean takesContext = shape == 0 || shape == 2;
        PojoSerializer<Object> input = stream || method.getParameterCount() == 0 ? null
                : serializer(method.getGenericParameterTypes()[0], loader);
        return new HandlerInvoker(method, stream, takesContext, input, method.getGenericReturnType(), loader);
    }

    /**
     * Ranks the accepted signatures, most specific first: 0 (InputStream, OutputStream, Context), 1 (InputStream,
     * OutputStream), 2 (event, Context), 3 (event), 4 (); -1 when the method is no handler.
     */
    private static int shape(Method m, Class<?> context) {
        Class<?>[] p = m.getParameterTypes();
        if (p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == context) {
            return 0;
        }
        if (p.length == 2 && p[0] == InputStream.class && p[1] == OutputStream.class) {
            return 1;
        }
        if (p.length == 2 && p[1] == context) {
            return 2;
        }
        if (p.length == 1) {
            return 3;
        }
        return p.length == 0 ? 4 : -1;
    }

    /** Runs one invocation: event bytes in, response bytes out; whatever the handler throws propagates. */
    byte[] invoke(Object handler, byte[] event, Object context) throws Exception {
        try {
            if (stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Object[] args = takesContext ? new Object[] {new ByteArrayInputStream(event), out, context}
                        : new Object[] {new ByteArrayInputStream(event), out};
                method.invoke(handler, args);
                return out.toByteArray();
            }
            Object[] args;
            if (input == null) {
                args = new Object[0];
            } else {
                Object value = input.fromJson(new ByteArrayInputStream(event));
                args = takesContext ? new Object[] {value, context} : new Object[] {value};
            }
            Object result = method.invoke(handler, args);
            return serialize(result);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    private byte[] serialize(Object result) {
        if (result == null || outputType == void.class) {
            return "null".getBytes(StandardCharsets.UTF_8);
        }
        Type type = outputType instanceof Class<?> c && (c == Object.class || c.isInterface() && !isCollection(c))
                ? result.getClass() : outputType;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(type, loader).toJson(result, out);
        return out.toByteArray();
    }

    private static boolean isCollection(Class<?> c) {
        return java.util.Map.class.isAssignableFrom(c) || java.util.Collection.class.isAssignableFrom(c);
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        Class<?> raw = type instanceof Class<?> c ? c
                : type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
        if (raw != null && LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
