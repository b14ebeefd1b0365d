/** Logging text that comes from outside thaw without letting it forge lines or drive the terminal. */
package io.thaw.log;
