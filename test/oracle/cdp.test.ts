import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/cdp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("cdp.json");
