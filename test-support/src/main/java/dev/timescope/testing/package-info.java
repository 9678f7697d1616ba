/** Helpers timescope's own tests share across modules; not part of any published artifact. */
package dev.timescope.testing;
