# The knowledge base.
kb-article-missing = there is no article { $id }
kb-ticket-not-resolved = { $ticket } is not resolved yet: an article needs the fix that worked
kb-cursor-invalid = that is not a position in the knowledge base; start again
