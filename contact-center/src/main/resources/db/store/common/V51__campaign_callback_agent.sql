-- Preview campaigns: the agent who scheduled a callback on a record gets its next preview, also after a restart.
ALTER TABLE campaign_record ADD COLUMN callback_agent VARCHAR(100);
