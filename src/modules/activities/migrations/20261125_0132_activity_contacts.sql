-- Contacts landed (20261125_0120): activities and meeting attendees now point at them for real.
-- Deleting a contact keeps the activity (history stays) and drops it from attendee lists.
alter table activities add constraint activities_contact_fk foreign key (contact_id) references contacts(id) on delete set null;
alter table activity_attendees add constraint activity_attendees_contact_fk foreign key (contact_id) references contacts(id) on delete cascade;
