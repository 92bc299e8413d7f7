package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.base.ClassObjectType;
import org.drools.base.base.ObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.Accumulate;
import org.drools.base.rule.From;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.Constraint;
import org.drools.mvel.MVELConstraint;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Which events must stay in the session after the batch they came in has fired.
 *
 * <p>An event whose type appears only in rules made of that single {@code Event(...)} pattern
 * can never match again once its rules have fired: the rules thread deletes it at once instead
 * of holding it until expiry. Every other use keeps the type for the full expiry: a second
 * pattern of any kind (a join, {@code not}, {@code exists}, {@code accumulate}, {@code from}),
 * a sliding window, a timer, or a pattern whose event type is not a plain
 * {@code type == "Name"} literal (then every type is kept). On a typical site most event types
 * only trigger things, so this keeps the session, and the heap, an order of magnitude smaller.
 */
public final class EventRetention {
    private static final Pattern TYPE_LITERAL = Pattern.compile("^\\s*type\\s*==\\s*\"([^\"]+)\"\\s*$");
    private final boolean all;
    private final Set<String> types;

    private EventRetention(boolean all, Set<String> types) {
        this.all = all;
        this.types = Set.copyOf(types);
    }

    /** Keeps every event until expiry: for rule sets this analysis cannot see through. */
    public static EventRetention keepAll() {
        return new EventRetention(true, Set.of());
    }

    public boolean keepsAll() {
        return all;
    }

    public Set<String> keptTypes() {
        return types;
    }

    /** True when {@code e} must stay in the session until it expires. */
    public boolean mustKeep(Event e) {
        return all || types.contains(e.getType());
    }

    /**
     * @param drlTexts the rule sources, read for {@code insertLogical}: a logical insertion lives
     *                 as long as the event that justified it, so such rule sets keep every event
     */
    public static EventRetention analyse(KieBase base, List<String> drlTexts) {
        for (String text : drlTexts) {
            if (text.contains("insertLogical")) {
                return keepAll();
            }
        }
        Set<String> kept = new HashSet<>();
        for (KiePackage pkg : base.getKiePackages()) {
            for (Rule r : pkg.getRules()) {
                if (!(r instanceof RuleImpl rule)) {
                    return keepAll();
                }
                GroupElement lhs = rule.getLhs();
                if (rule.getTimer() == null && isSingleEventPattern(lhs)) {
                    continue;
                }
                if (!collectEventTypes(lhs, kept)) {
                    return keepAll();
                }
            }
        }
        return new EventRetention(false, kept);
    }

    private static boolean isSingleEventPattern(GroupElement lhs) {
        if (!lhs.isAnd() || lhs.getChildren().size() != 1) {
            return false;
        }
        if (!(lhs.getChildren().get(0) instanceof org.drools.base.rule.Pattern p)) {
            return false;
        }
        return isEventPattern(p) && p.getSource() == null && p.getBehaviors().isEmpty() && typeOf(p) != null;
    }

    /** Adds the Event types used anywhere under {@code element}; false when one cannot be named. */
    private static boolean collectEventTypes(RuleConditionElement element, Set<String> into) {
        if (element instanceof org.drools.base.rule.Pattern p) {
            if (isEventPattern(p)) {
                String type = typeOf(p);
                if (type == null) {
                    return false;
                }
                into.add(type);
            }
            return p.getSource() == null || collectEventTypes(p.getSource(), into);
        }
        if (element instanceof GroupElement g) {
            for (RuleConditionElement child : g.getChildren()) {
                if (!collectEventTypes(child, into)) {
                    return false;
                }
            }
            return true;
        }
        if (element instanceof Accumulate a) {
            for (RuleConditionElement nested : a.getNestedElements()) {
                if (!collectEventTypes(nested, into)) {
                    return false;
                }
            }
            return true;
        }
        if (element instanceof From) {
            // 'from' reads an expression, not working memory.
            return true;
        }
        for (RuleConditionElement nested : element.getNestedElements()) {
            if (!collectEventTypes(nested, into)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEventPattern(org.drools.base.rule.Pattern p) {
        ObjectType t = p.getObjectType();
        if (!(t instanceof ClassObjectType c)) {
            return false;
        }
        return c.getClassType() != null && c.getClassType().isAssignableFrom(Event.class);
    }

    /** The literal event type a pattern requires, or null (including patterns on a supertype of Event). */
    private static String typeOf(org.drools.base.rule.Pattern p) {
        if (((ClassObjectType) p.getObjectType()).getClassType() != Event.class) {
            return null;
        }
        for (Constraint c : p.getConstraints()) {
            if (c instanceof MVELConstraint m) {
                Matcher lit = TYPE_LITERAL.matcher(m.getExpression());
                if (lit.matches()) {
                    return lit.group(1);
                }
            }
        }
        return null;
    }
}
