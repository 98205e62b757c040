# База знаний.
kb-article-missing = статьи { $id } нет
kb-ticket-not-resolved = заявка { $ticket } ещё не решена: статье нужно исправление, которое помогло
kb-cursor-invalid = такой позиции в базе знаний нет; начните сначала
