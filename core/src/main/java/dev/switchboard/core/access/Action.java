package dev.switchboard.core.access;

/**
 * What a request does, as far as access is concerned. Every endpoint maps to exactly one of these; the roles
 * ({@link Role}) say which they allow.
 */
public enum Action {
    /** GET and list; reading validation reports and dry runs. Never returns a secret value. */
    READ("read"),
    /** PUT, PATCH, DELETE and the POST actions that change or probe things (validateLinker). */
    WRITE("change resources, connections or dry runs"),
    /** The actions whose answer holds secret values: listConfigurations, generateConfigurations. */
    READ_SECRETS("read secret values (listConfigurations, generateConfigurations)"),
    /** Creating, listing and deleting access tokens. */
    MANAGE_TOKENS("manage access tokens");

    private final String description;

    Action(String description) {
        this.description = description;
    }

    /** For error messages: "… does not allow it to {description}". */
    public String description() {
        return description;
    }
}
