package io.neuromail.api.persistence;

import java.sql.Timestamp;
import java.time.Instant;

import javax.persistence.AttributeConverter;
import javax.persistence.Converter;

/**
 * Stores {@link Instant}s in TIMESTAMP columns; JPA 2.2 has no mapping of its own for them.
 * <p>
 * It applies to every {@code Instant} attribute of a unit that lists it among its classes in
 * {@link Persistence#open}.
 *
 * @since 1.2
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Timestamp> {

    @Override
    public Timestamp convertToDatabaseColumn(Instant value) {
        return value == null ? null : Timestamp.from(value);
    }

    @Override
    public Instant convertToEntityAttribute(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
