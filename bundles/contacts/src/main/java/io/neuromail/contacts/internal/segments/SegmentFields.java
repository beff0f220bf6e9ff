package io.neuromail.contacts.internal.segments;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.neuromail.contacts.api.segments.SegmentField;

/**
 * The segment fields other bundles registered, by name. A field that comes and goes with its bundle
 * makes the segments that use it fail with a clear error while it is away, and work again after.
 */
@Component(service = SegmentFields.class)
public class SegmentFields {

    private final Map<String, SegmentField> fields = new ConcurrentHashMap<>();

    /** No fields (for tests of the contacts bundle alone). */
    public static SegmentFields none() {
        return new SegmentFields();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void add(SegmentField field, Map<String, Object> properties) {
        name(properties).ifPresent(n -> fields.put(n, field));
    }

    void remove(SegmentField field, Map<String, Object> properties) {
        name(properties).ifPresent(n -> fields.remove(n, field));
    }

    /** Registers a field by hand (tests). */
    SegmentFields with(String name, SegmentField field) {
        fields.put(name, field);
        return this;
    }

    public Optional<SegmentField> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public Set<String> names() {
        return new TreeSet<>(fields.keySet());
    }

    private static Optional<String> name(Map<String, Object> properties) {
        Object name = properties.get(SegmentField.FIELD);
        return name instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }
}
