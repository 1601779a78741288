package io.hookflow.platform.control;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A text column that holds a secret: encrypted on the way to the database, decrypted on the way back. */
@Converter
public class SealedString implements AttributeConverter<String, String> {

    @Override
    public String convertToDatabaseColumn(String attribute) {
        return SealedSecrets.seal(attribute);
    }

    @Override
    public String convertToEntityAttribute(String column) {
        return SealedSecrets.open(column);
    }
}
