import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/sctp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("sctp.json");
