package dev.vigil.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the table tells from a method and a path: a route and its parameters, a 405, or a 404. */
class RouteTableTest {
    private final RouteTable<String> table = RouteTable.<String>builder()
            .add(List.of("POST", "GET"), "/base/monitor", "monitor")
            .add("GET", "/base/items/{id}", "item")
            .add("POST", "/base/raise/{tail...}", "raise")
            .add("GET", "/base/slash/", "slash")
            .build();

    @Test
    void literalAndParameterSegmentsMatchWholeSegmentsOnly() {
        assertThat(table.find("GET", "/base/items/42"))
                .isEqualTo(new RouteTable.Found<>("item", "/base/items/{id}", Map.of("id", "42")));
        assertThat(table.find("GET", "/base/items/")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(table.find("GET", "/base/items/42/more")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(table.find("GET", "/base/item/42")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(table.find("GET", "/base/slash/")).isInstanceOf(RouteTable.Found.class);
        assertThat(table.find("GET", "/base/slash")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(table.find("GET", "base/items/42")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void aRestParameterTakesTheRestEmptyOrWithSlashesRaw() {
        assertThat(((RouteTable.Found<String>) table.find("POST", "/base/raise/a/b%2Fc")).param("tail"))
                .isEqualTo("a/b%2Fc");
        assertThat(((RouteTable.Found<String>) table.find("POST", "/base/raise/")).param("tail"))
                .isEmpty();
        assertThat(table.find("POST", "/base/raise")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void aKnownPathWithAnotherMethodListsTheMethodsInTheOrderAdded() {
        assertThat(table.find("DELETE", "/base/monitor"))
                .isEqualTo(new RouteTable.WrongMethod<String>(List.of("POST", "GET")));
        assertThat(table.find("GET", "/base/raise/x")).isEqualTo(new RouteTable.WrongMethod<String>(List.of("POST")));
    }

    @Test
    void theFirstMatchingTemplateStillDecidesWhenALaterOneIsALiteralPath() {
        RouteTable<String> t = RouteTable.<String>builder()
                .add("GET", "/a/{x}", "param")
                .add("GET", "/a/b", "literal, shadowed")
                .add("GET", "/c/d", "literal")
                .add("POST", "/c/d", "literal post")
                .build();
        assertThat(t.find("GET", "/a/b")).isEqualTo(new RouteTable.Found<>("param", "/a/{x}", Map.of("x", "b")));
        assertThat(t.find("GET", "/c/d")).isEqualTo(new RouteTable.Found<>("literal", "/c/d", Map.of()));
        assertThat(t.find("PUT", "/c/d")).isEqualTo(new RouteTable.WrongMethod<String>(List.of("GET", "POST")));
        assertThat(t.find("GET", "/c/d/")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void aTableRefusesAmbiguousOrMalformedTemplates() {
        assertThatThrownBy(
                        () -> RouteTable.<String>builder().add("GET", "/a", "1").add("GET", "/a", "2"))
                .hasMessageContaining("two routes for GET /a");
        assertThatThrownBy(() -> RouteTable.<String>builder().add("GET", "a", "1"))
                .hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> RouteTable.<String>builder().add("GET", "/{rest...}/x", "1"))
                .hasMessageContaining("only the last segment");
    }
}
