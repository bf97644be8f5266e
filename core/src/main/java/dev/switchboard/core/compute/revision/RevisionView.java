package dev.switchboard.core.compute.revision;

/**
 * What traffic planning needs to know of one revision: its name, whether it runs ({@code active}) and whether it
 * passed its smoke test ({@code healthy}).
 */
public record RevisionView(String name, boolean active, boolean healthy) {
    public boolean canServe() {
        return active && healthy;
    }
}
