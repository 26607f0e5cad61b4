package dev.kiq.ui.deploy;

import java.util.List;

/**
 * What the confirmation dialog of Undeploy shows, built from the core's plan: the question, exactly the objects
 * that will be deleted (kind/name, in order), and what stays.
 */
public record UndeployConfirmation(String question, List<String> objects, String stays) {

    public UndeployConfirmation {
        objects = List.copyOf(objects);
    }

    /** The label of the button that deletes. */
    public String deleteLabel() {
        return "Delete " + objects.size() + (objects.size() == 1 ? " object" : " objects");
    }
}
