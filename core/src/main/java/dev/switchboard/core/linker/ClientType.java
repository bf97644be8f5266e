package dev.switchboard.core.linker;

import java.util.Arrays;
import java.util.Optional;

/** The client types a connection can write configuration for, by their ServiceLinker wire names. */
public enum ClientType {
    NONE("none"), DOTNET("dotnet"), JAVA("java"), PYTHON("python"), GO("go"), PHP("php"),
    RUBY("ruby"), DJANGO("django"), NODEJS("nodejs"), SPRING_BOOT("springBoot");

    private final String wire;

    ClientType(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<ClientType> fromWire(String value) {
        return Arrays.stream(values()).filter(c -> c.wire.equalsIgnoreCase(value)).findFirst();
    }
}
