package dev.switchboard.core.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The grammar, as a table: template string in, syntax tree (or literal) out; bad syntax with its position. */
class ExpressionParserTest {
    static Expr lit(Object v) {
        return new Expr.Literal(v);
    }

    static Expr call(String name, Expr... args) {
        return new Expr.Call(name, List.of(args));
    }

    static Stream<Arguments> parses() {
        return Stream.of(
                Arguments.of("plain text", "plain text"),
                Arguments.of("[[escaped]", "[escaped]"),
                Arguments.of("[[", "["),
                Arguments.of("[not closed", "[not closed"),
                Arguments.of("ends]", "ends]"),
                Arguments.of("['a string']", lit("a string")),
                Arguments.of("['it''s']", lit("it's")),
                Arguments.of("['']", lit("")),
                Arguments.of("[42]", lit(42L)),
                Arguments.of("[-7]", lit(-7L)),
                Arguments.of("[true()]", call("true")),
                Arguments.of("[ concat ( 'a' , 1 ) ]", call("concat", lit("a"), lit(1L))),
                Arguments.of("[f(g(h()), 'x')]", call("f", call("g", call("h")), lit("x"))),
                Arguments.of("[parameters('o').a.b]", new Expr.Member(new Expr.Member(call("parameters", lit("o")), "a"), "b")),
                Arguments.of("[parameters('arr')[0]]", new Expr.Index(call("parameters", lit("arr")), lit(0L))),
                Arguments.of("[reference('x')['key with space'].y]",
                        new Expr.Member(new Expr.Index(call("reference", lit("x")), lit("key with space")), "y")),
                Arguments.of("[f()[g()]]", new Expr.Index(call("f"), call("g"))),
                Arguments.of("[my.func(1)]", call("my.func", lit(1L))),
                Arguments.of("['[not an inner expression]']", lit("[not an inner expression]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parses")
    void parses(String text, Object expected) {
        assertThat(ExpressionParser.parseValue(text)).isEqualTo(expected);
    }

    static Stream<Arguments> rejects() {
        return Stream.of(
                Arguments.of("[]", "position 2: the expression is empty"),
                Arguments.of("[   ]", "the expression is empty"),
                Arguments.of("[concat('a']", "position 12: expected ')' before the end"),
                Arguments.of("['open]", "a string is not closed"),
                Arguments.of("[concat('a',)]", "position 13: unexpected ')'"),
                Arguments.of("[parameters]", "'parameters' must be called"),
                Arguments.of("[f() g()]", "position 6: unexpected 'g'"),
                Arguments.of("[f().]", "expected a name"),
                Arguments.of("[f()[0]", "expected ']' before the end"), // the outer ']' delimits the expression, so the index is open
                Arguments.of("[99999999999999999999]", "not an integer"),
                Arguments.of("[\"double\"]", "unexpected '\"'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejects")
    void rejects(String text, String message) {
        ExpressionError e = catchThrowableOfType(ExpressionError.class, () -> ExpressionParser.parseValue(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.code()).isEqualTo(TemplateException.INVALID_EXPRESSION);
        assertThat(e.getMessage()).contains(message);
    }
}
