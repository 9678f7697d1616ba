/**
 * {@link dev.timescope.junit.VirtualTime}: JUnit Jupiter tests whose waiting is instant and exact, each test
 * method in a virtual-time domain of its own.
 */
package dev.timescope.junit;
