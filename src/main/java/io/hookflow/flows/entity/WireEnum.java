package io.hookflow.flows.entity;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The flows surface spells its enums in its own way ({@code in-progress}, {@code in_progress}, {@code GET}). */
public interface WireEnum {

    String wireName();

    static <E extends Enum<E> & WireEnum> Optional<E> fromWire(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wireName().equals(value)).findFirst();
    }

    /** "a, b or c": for messages that list what is accepted. */
    static <E extends Enum<E> & WireEnum> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wireName).collect(Collectors.joining(", "));
    }
}
