/**
 * The call-record format that packs a thread's traced calls into {@link io.flowtrace.events.CallBatchEvent}s:
 * {@link io.flowtrace.events.records.CallRecords} defines it, the recorder writes it, the analyzer reads it with
 * {@link io.flowtrace.events.records.CallRecordReader}.
 */
package io.flowtrace.events.records;
