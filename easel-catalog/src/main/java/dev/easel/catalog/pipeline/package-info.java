/**
 * Pipelines: task inputs and ordered steps whose parameters bind to inputs, constants, templates or an earlier step's output image.
 */
package dev.easel.catalog.pipeline;
