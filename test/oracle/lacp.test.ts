import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/lacp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("lacp.json");
