package dev.vigil.engine.websdk.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParserTest {

    @Test
    void parsesTriggerWithDynamicContentAttributes() {
        List<QueryNode.Call> calls =
                QueryParser.parseCalls("TriggerAlarm({c319de11-3fb9-4c42-b4ee-1745c7287799},LogicalID(Door,1),"
                        + "DynamicAlarmContent(\"Server\" room (B) breach){Priority=200,AttachedEntities@{a}@{b}})");
        assertThat(calls).hasSize(1);
        QueryNode.Call trigger = calls.get(0);
        assertThat(trigger.name()).isEqualTo("TriggerAlarm");
        assertThat(trigger.args()).hasSize(3);
        assertThat(((QueryNode.Atom) trigger.args().get(0)).text()).isEqualTo("{c319de11-3fb9-4c42-b4ee-1745c7287799}");
        QueryNode.Call logical = (QueryNode.Call) trigger.args().get(1);
        assertThat(logical.name()).isEqualTo("LogicalID");
        assertThat(logical.args()).extracting(n -> ((QueryNode.Atom) n).text()).containsExactly("Door", "1");
        QueryNode.Call content = (QueryNode.Call) trigger.args().get(2);
        assertThat(((QueryNode.Atom) content.args().get(0)).text()).isEqualTo("\"Server\" room (B) breach");
        assertThat(content.attributes()).isEqualTo("Priority=200,AttachedEntities@{a}@{b}");
    }

    @Test
    void parsesNestedPairsAndLists() {
        QueryNode.Call ack = QueryParser.parseCalls(
                        "AcknowledgeAlarm({{42,c319de11-3fb9-4c42-b4ee-1745c7287799},{43,{c319de11-3fb9-4c42-b4ee-1745c7287799}}},Ack)")
                .get(0);
        QueryNode.ListNode outer = (QueryNode.ListNode) ack.args().get(0);
        assertThat(outer.items()).hasSize(2);
        QueryNode.ListNode second = (QueryNode.ListNode) outer.items().get(1);
        assertThat(second.items())
                .extracting(n -> ((QueryNode.Atom) n).text())
                .containsExactly("43", "{c319de11-3fb9-4c42-b4ee-1745c7287799}");
        assertThat(((QueryNode.Atom) ack.args().get(1)).text()).isEqualTo("Ack");
    }

    @Test
    void parsesSeveralCallsAndEmptyArguments() {
        List<QueryNode.Call> calls =
                QueryParser.parseCalls("ForceAcknowledgeAllAlarms(), IsActive(LogicalID(Alarm,1))");
        assertThat(calls).extracting(QueryNode.Call::name).containsExactly("ForceAcknowledgeAllAlarms", "IsActive");
        assertThat(calls.get(0).args()).isEmpty();
    }

    @Test
    void keepsFreeTextWithSpaces() {
        QueryNode.Call edit = QueryParser.parseCalls(
                        "EditAlarmContext(42,{c319de11-3fb9-4c42-b4ee-1745c7287799},Investigation complete)")
                .get(0);
        assertThat(((QueryNode.Atom) edit.args().get(2)).text()).isEqualTo("Investigation complete");
    }

    @Test
    void syntaxErrorsNamePositionAndExpectedToken() {
        assertThatThrownBy(() -> QueryParser.parseCalls("AcknowledgeAlarm(1,Ack"))
                .isInstanceOf(QueryParseException.class)
                .hasMessageContaining("position 22")
                .hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> QueryParser.parseCalls("TriggerAlarm({1,2)")).hasMessageContaining("expected '}'");
        assertThatThrownBy(() -> QueryParser.parseCalls("(x)")).hasMessageContaining("expected a method name");
        assertThatThrownBy(() -> QueryParser.parseCalls("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> QueryParser.parseCalls("A(1) B(2)")).hasMessageContaining("expected ','");
        assertThatThrownBy(() -> QueryParser.parseCalls("TriggerAlarm(x,DynamicAlarmContent(never closed"))
                .hasMessageContaining("DynamicAlarmContent");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "A(" + "{".repeat(40) + "1" + "}".repeat(40) + ")";
        assertThatThrownBy(() -> QueryParser.parseCalls(deep)).hasMessageContaining("nesting");
    }
}
