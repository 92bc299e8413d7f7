package dev.vigil.engine.websdk.query;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class QueryParserProperties {

    /** Whatever the text, the parser answers with calls or a clean parse error, never anything else. */
    @Property(tries = 3000)
    void anyTextParsesOrFailsCleanly(@ForAll("queryish") String text) {
        try {
            QueryParser.parseCalls(text);
        } catch (QueryParseException expected) {
            // the only allowed failure
        }
    }

    @Property(tries = 1000)
    void arbitraryUnicodeParsesOrFailsCleanly(@ForAll String text) {
        try {
            QueryParser.parseCalls(text);
        } catch (QueryParseException expected) {
            // the only allowed failure
        }
    }

    @Provide
    Arbitrary<String> queryish() {
        return Arbitraries.strings()
                .withChars("(){},@=\" abcLogicalID0123456789-TriggerAlarmDynamicAlarmContent{}")
                .ofMaxLength(200);
    }
}
