package dev.timescope.internal.jfr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Name;
import jdk.jfr.Relational;

/** Marks a field of a timescope event that holds a task's id: recordings join events on it. */
@MetadataDefinition
@Relational
@Name("dev.timescope.TaskId")
@Label("Task Id")
@Description("The id of a timescope task; scopes and tasks share one sequence")
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface TaskId {
}
