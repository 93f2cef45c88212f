"""People, locations and addresses (POLE): the shared record every context links to."""
