package org.openucc.routing;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** A conjunction of skills with minimum levels; an agent satisfies it by holding all of them. */
final class Requirement {
    static final Requirement NONE = new Requirement(new int[] {SkillRegistry.ANY}, new byte[] {1});

    final int[] skills;
    final byte[] minLevels;
    /** One bit per required skill (id mod 64): an agent missing any of them fails without reading levels. */
    final long bits;
    private final int hash;

    private Requirement(int[] skills, byte[] minLevels) {
        this.skills = skills;
        this.minLevels = minLevels;
        this.bits = bitsOf(skills);
        this.hash = 31 * Arrays.hashCode(skills) + Arrays.hashCode(minLevels);
    }

    /** Builds a requirement; a skill named twice keeps the higher minimum. */
    static Requirement of(SkillRegistry registry, Map<String, Integer> skills) {
        if (skills.isEmpty()) {
            return NONE;
        }
        if (skills.size() == 1) { // the common case (a language, say): no sorting, no boxing
            Map.Entry<String, Integer> only = skills.entrySet().iterator().next();
            return new Requirement(new int[] {registry.intern(only.getKey())}, new byte[] {(byte) clamp(only.getValue())});
        }
        TreeMap<Integer, Integer> sorted = new TreeMap<>();
        skills.forEach((name, level) -> sorted.merge(registry.intern(name), clamp(level), Math::max));
        return fromSorted(sorted);
    }

    static Requirement union(Requirement a, Requirement b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        TreeMap<Integer, Integer> sorted = new TreeMap<>();
        a.forEach(sorted);
        b.forEach(sorted);
        return fromSorted(sorted);
    }

    /** Every minimum lowered to at most {@code level} (skill expansion); never raised. */
    Requirement relaxedTo(int level) {
        byte[] relaxed = minLevels.clone();
        boolean changed = false;
        for (int i = 0; i < relaxed.length; i++) {
            if (relaxed[i] > level) {
                relaxed[i] = (byte) Math.max(1, level);
                changed = true;
            }
        }
        return changed ? new Requirement(skills, relaxed) : this;
    }

    /** One bit per skill, by id modulo 64. */
    static long bitsOf(int[] skillIds) {
        long b = 0;
        for (int s : skillIds) {
            b |= 1L << s;
        }
        return b;
    }

    boolean satisfiedBy(AgentSession agent) {
        if ((bits & ~agent.skillBits) != 0) {
            return false;
        }
        for (int i = 0; i < skills.length; i++) {
            if (agent.level(skills[i]) < minLevels[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first required skill the agent lacks or holds too low, as an index; -1 if satisfied. */
    int firstShortfall(AgentSession agent) {
        for (int i = 0; i < skills.length; i++) {
            if (agent.level(skills[i]) < minLevels[i]) {
                return i;
            }
        }
        return -1;
    }

    String describe(SkillRegistry registry) {
        if (this == NONE) {
            return "any agent";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < skills.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(registry.name(skills[i])).append(">=").append(minLevels[i]);
        }
        return sb.toString();
    }

    private void forEach(TreeMap<Integer, Integer> into) {
        for (int i = 0; i < skills.length; i++) {
            into.merge(skills[i], (int) minLevels[i], Math::max);
        }
    }

    private static Requirement fromSorted(TreeMap<Integer, Integer> sorted) {
        int[] s = new int[sorted.size()];
        byte[] l = new byte[sorted.size()];
        int i = 0;
        for (Map.Entry<Integer, Integer> e : sorted.entrySet()) {
            s[i] = e.getKey();
            l[i] = (byte) (int) e.getValue();
            i++;
        }
        return new Requirement(s, l);
    }

    private static int clamp(Integer level) {
        return level == null ? 1 : Math.max(1, Math.min(SkillRegistry.MAX_LEVEL, level));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirement r && hash == r.hash
                && Arrays.equals(skills, r.skills) && Arrays.equals(minLevels, r.minLevels);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
