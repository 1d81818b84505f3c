/**
 * The CRM model: customers (accounts), contacts, notes, follow-up tasks and service cases as
 * records; the ports that store them ({@link org.openucc.crm.CustomerStore}, {@link org.openucc.crm.NoteStore},
 * {@link org.openucc.crm.TaskStore}, {@link org.openucc.crm.CaseStore}, {@link org.openucc.crm.CustomerImport});
 * the rules and normal forms ({@link org.openucc.crm.CrmRules}: E.164 phones, lower-case emails); and the
 * screen pop ({@link org.openucc.crm.CustomerLookup}). No JDBC here (enforced by an ArchUnit test).
 */
package org.openucc.crm;
