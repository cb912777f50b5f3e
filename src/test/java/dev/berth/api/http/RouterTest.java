package dev.berth.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router.Handler a = x -> { };
    private final Router.Handler b = x -> { };
    private final Router router = new Router()
            .add("GET", "/containers/{id}/json", a)
            .add("GET", "/images/{name*}/json", b);

    @Test
    void capturesOneSegmentParameters() {
        Router.Match m = router.match("GET", "/containers/abc/json");
        assertThat(m.handler()).isSameAs(a);
        assertThat(m.params()).containsEntry("id", "abc");
    }

    @Test
    void greedyParametersTakeImageNamesWithSlashesRawOrEscaped() {
        assertThat(router.match("GET", "/images/localhost:5000/app/json").params()).containsEntry("name", "localhost:5000/app");
        assertThat(router.match("GET", "/images/localhost:5000%2Fapp/json").params()).containsEntry("name", "localhost:5000/app");
    }

    @Test
    void unknownPathOrMethodIsNotFound() {
        assertThatThrownBy(() -> router.match("POST", "/containers/abc/json"))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> router.match("GET", "/nope")).hasMessage("page not found");
    }
}
