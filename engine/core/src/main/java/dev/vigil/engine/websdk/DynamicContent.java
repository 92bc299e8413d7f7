package dev.vigil.engine.websdk;

import dev.vigil.engine.alarm.AlarmException;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.websdk.query.QueryNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code DynamicAlarmContent(text){Priority=..,AttachedEntities@g1@g2,ForwardedRecipients@..,Urls@..}}:
 * the context text is kept exactly as written (quotes included); priority 0 means "not given".
 */
record DynamicContent(
        String context, int priority, List<UUID> attachedEntities, List<UUID> forwardedRecipients, List<String> urls) {

    static DynamicContent parse(QueryNode.Call call, Function<QueryNode, UUID> resolve) {
        QueryNode.Atom text = (QueryNode.Atom) call.args().get(0);
        int priority = 0;
        List<UUID> attached = new ArrayList<>();
        List<UUID> forwarded = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        String attrs = call.attributes();
        if (attrs != null && !attrs.isBlank()) {
            int base = text.position() + text.text().length() + 2;
            for (String part : splitTopLevel(attrs)) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.regionMatches(true, 0, "Priority=", 0, 9)) {
                    try {
                        priority = Integer.parseInt(p.substring(9).trim());
                    } catch (NumberFormatException e) {
                        priority = -1;
                    }
                    if (priority < 1 || priority > 255) {
                        throw new AlarmException(
                                ErrorCode.INVALID_VALUE,
                                "DynamicAlarmContent Priority must be 1..255, not '" + p.substring(9) + "'");
                    }
                } else if (p.regionMatches(true, 0, "AttachedEntities@", 0, 17)) {
                    guids(p.substring(17), base, resolve, attached);
                } else if (p.regionMatches(true, 0, "ForwardedRecipients@", 0, 20)) {
                    guids(p.substring(20), base, resolve, forwarded);
                } else if (p.regionMatches(true, 0, "Urls@", 0, 5)) {
                    for (String u : p.substring(5).split("@")) {
                        if (!u.isBlank()) {
                            urls.add(u.trim());
                        }
                    }
                } else {
                    throw new AlarmException(
                            ErrorCode.INVALID_VALUE,
                            "unknown DynamicAlarmContent attribute '" + p
                                    + "'; valid: Priority=, AttachedEntities@, ForwardedRecipients@, Urls@");
                }
            }
        }
        return new DynamicContent(text.text(), priority, attached, forwarded, urls);
    }

    /** Commas inside parentheses belong to a value such as {@code LogicalID(Camera,2)}. */
    private static List<String> splitTopLevel(String attrs) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < attrs.length(); i++) {
            char c = attrs.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(attrs.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(attrs.substring(start));
        return parts;
    }

    private static void guids(String list, int position, Function<QueryNode, UUID> resolve, List<UUID> out) {
        for (String g : list.split("@")) {
            if (!g.isBlank()) {
                out.add(resolve.apply(new QueryNode.Atom(g.trim(), position)));
            }
        }
    }
}
