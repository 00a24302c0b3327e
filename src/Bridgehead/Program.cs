// Composition root; the CLI lands with the SIP core.
return 0;
