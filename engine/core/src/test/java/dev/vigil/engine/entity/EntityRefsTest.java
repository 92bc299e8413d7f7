package dev.vigil.engine.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntityRefsTest {
    @Test
    void acceptsBareAndBracedGuidsAndLogicalIds() {
        UUID g = UUID.fromString("c319de11-3fb9-4c42-b4ee-1745c7287799");
        assertThat(EntityRefs.parse("c319de11-3fb9-4c42-b4ee-1745c7287799").guid())
                .isEqualTo(g);
        assertThat(EntityRefs.parse("{c319de11-3fb9-4c42-b4ee-1745c7287799}").guid())
                .isEqualTo(g);
        EntityRefs.Ref l = EntityRefs.parse("LogicalId(camera, 5)");
        assertThat(l.type()).isEqualTo(EntityType.Camera);
        assertThat(l.logicalId()).isEqualTo(5);
    }

    @Test
    void refusesBadReferencesWithTheReason() {
        assertThatThrownBy(() -> EntityRefs.parse("{c319de11-3fb9-4c42-b4ee-1745c7287799"))
                .hasMessageContaining("unbalanced brace");
        assertThatThrownBy(() -> EntityRefs.parse("LogicalID(Toaster,1)")).hasMessageContaining("not an entity type");
        assertThatThrownBy(() -> EntityRefs.parse("LogicalID(Camera,0)")).hasMessageContaining("1..9999999");
        assertThatThrownBy(() -> EntityRefs.parse("LogicalID(Camera,12345678)")).hasMessageContaining("LogicalID");
        assertThatThrownBy(() -> EntityRefs.parse("c319de11-3fb9-4c42-b4ee")).hasMessageContaining("neither a GUID");
        assertThatThrownBy(() -> EntityRefs.parse(" ")).hasMessageContaining("empty");
    }
}
