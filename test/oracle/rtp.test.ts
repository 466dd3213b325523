import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/rtp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("rtp.json");
