package dev.switchboard.core.linker;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a connection hands its configuration to the app ({@code properties.configurationInfo.delivery}, a Switchboard
 * extension). A connection may use several at once.
 */
public enum DeliveryMode {
    /** The client type's names as environment variables (Service Connector's way; the default). */
    ENVIRONMENT("environment"),
    /** A servicebinding.io directory under {@code $SERVICE_BINDING_ROOT/<binding>/}, one file per entry. */
    SERVICE_BINDING("serviceBinding"),
    /** One .NET-style {@code ConnectionStrings__<name>} environment variable. */
    CONNECTION_STRINGS("connectionStrings");

    private final String wire;

    DeliveryMode(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<DeliveryMode> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }
}
