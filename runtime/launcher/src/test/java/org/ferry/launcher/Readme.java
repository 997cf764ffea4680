package org.ferry.launcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a README promises that can be checked: the {@code ./ferry} commands it names, the files it links to. */
final class Readme {
    private static final Pattern COMMAND = Pattern.compile("\\./ferry ([a-z]+)");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private Readme() {
    }

    static Set<String> commands(String markdown) {
        Set<String> commands = new LinkedHashSet<>();
        Matcher m = COMMAND.matcher(markdown);
        while (m.find()) {
            commands.add(m.group(1));
        }
        return commands;
    }

    /** Links to anything but a web address or an anchor, without their {@code #fragment}. */
    static List<String> localLinks(String markdown) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(markdown);
        while (m.find()) {
            String target = m.group(1);
            if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")
                    || target.startsWith("mailto:")) {
                continue;
            }
            int hash = target.indexOf('#');
            links.add(hash >= 0 ? target.substring(0, hash) : target);
        }
        return links;
    }
}
