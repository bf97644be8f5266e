package dev.switchboard.providers.mqtt;

/**
 * What went wrong talking MQTT, sorted so the provider can choose terminal or transient and validation can name
 * the failed check. Messages are built here from reason codes and exception types, never from a password.
 */
final class MqttProblem extends RuntimeException {
    enum Kind {
        /** TCP connect refused or timed out, connection closed: may pass. */
        UNREACHABLE,
        /** CONNACK refused the credentials (bad user name or password, not authorized, banned). */
        LOGIN_REFUSED,
        /** The broker refused a subscribe or publish (SUBACK/PUBACK error reason code). */
        NOT_AUTHORIZED,
        /** The broker did not answer in time. */
        TIMEOUT,
        /** Anything else the broker refused (a reason code that is neither of the above). */
        REFUSED
    }

    private final Kind kind;
    private final String reason;

    MqttProblem(Kind kind, String message) {
        this(kind, message, null);
    }

    /** @param reason the MQTT reason code's name when the broker gave one */
    MqttProblem(Kind kind, String message, String reason) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    Kind kind() { return kind; }

    /** The broker's reason code name ({@code NOT_AUTHORIZED}, …), or null. */
    String reason() { return reason; }
}
