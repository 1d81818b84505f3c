package org.openucc.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns skill names as small ints so agent levels live in a flat array and eligibility is a few
 * array reads. Skill 0 is the implicit "any" skill every agent holds, used by queues that need none.
 */
final class SkillRegistry {
    static final int ANY = 0;
    static final int MAX_LEVEL = 10;

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    SkillRegistry() {
        intern("*");
    }

    int intern(String name) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        int fresh = names.size();
        ids.put(name, fresh);
        names.add(name);
        return fresh;
    }

    /** The id of a known skill, or -1. */
    int find(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    String name(int id) {
        return names.get(id);
    }

    int count() {
        return names.size();
    }
}
