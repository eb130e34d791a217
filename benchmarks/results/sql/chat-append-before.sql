BEGIN;
UPDATE chat_rooms SET last_seq = last_seq + 1 WHERE id = '00000000-0000-0000-0000-000000000001' AND NOT archived RETURNING last_seq \gset
INSERT INTO chat_messages (id, room_id, author_id, seq, text, client_message_id, created_at) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', gen_random_uuid(), :last_seq, 'hello', gen_random_uuid()::text, now()) ON CONFLICT (author_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING RETURNING id;
COMMIT;
