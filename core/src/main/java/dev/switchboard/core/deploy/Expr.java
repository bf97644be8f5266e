package dev.switchboard.core.deploy;

import java.util.List;

/** The syntax tree of one template expression (the text between the outer brackets of {@code "[...]"}). */
sealed interface Expr {
    /** A string or integer literal. */
    record Literal(Object value) implements Expr { }

    /** {@code name(args...)}; the name as written (functions match case-insensitively). */
    record Call(String name, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code target.name}. */
    record Member(Expr target, String name) implements Expr { }

    /** {@code target[index]}: an array position or an object key. */
    record Index(Expr target, Expr index) implements Expr { }
}
