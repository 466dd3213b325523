import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/macsec.json (scripts/oracle/make_vectors.py writes it).
vectorTests("macsec.json");
