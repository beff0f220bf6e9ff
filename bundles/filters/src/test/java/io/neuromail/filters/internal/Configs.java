package io.neuromail.filters.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Instances of metatype configuration annotations with their defaults, some values replaced. */
public final class Configs {

    private Configs() {
    }

    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + values;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }
}
