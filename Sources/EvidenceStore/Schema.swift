import GRDB

/// The store's schema, as migrations that are never modified once released: a new need gets a
/// new migration.
///
/// Each catalogue file is one `catalogueFile` row holding its content hash and its decoded content
/// (JSON); every entity row names the file it came from and is deleted with it. References across
/// files are deferred foreign keys, checked when the import's transaction commits.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: catalogue") { db in
      try db.execute(
        sql: """
          CREATE TABLE catalogueFile (
            path TEXT PRIMARY KEY NOT NULL,
            contentHash TEXT NOT NULL CHECK (length(contentHash) = 64),
            content BLOB NOT NULL
          );
          CREATE TABLE gradingScheme (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            name TEXT NOT NULL
          );
          CREATE TABLE body (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            abbreviation TEXT NOT NULL,
            name TEXT NOT NULL,
            schemeId TEXT REFERENCES gradingScheme(id) DEFERRABLE INITIALLY DEFERRED
          );
          CREATE TABLE intervention (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            name TEXT NOT NULL,
            parentId TEXT REFERENCES intervention(id) DEFERRABLE INITIALLY DEFERRED
          );
          CREATE INDEX intervention_parent ON intervention(parentId);
          CREATE TABLE population (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            name TEXT NOT NULL,
            condition TEXT NOT NULL
          );
          CREATE TABLE topic (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            title TEXT NOT NULL,
            populationId TEXT NOT NULL REFERENCES population(id) DEFERRABLE INITIALLY DEFERRED
          );
          CREATE TABLE study (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            name TEXT NOT NULL,
            year INTEGER,
            design TEXT NOT NULL,
            unverified INTEGER NOT NULL CHECK (unverified IN (0, 1))
          );
          CREATE TABLE source (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            year INTEGER,
            status TEXT NOT NULL CHECK (status IN ('current', 'superseded', 'withdrawn')),
            supersededBy TEXT REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
            unverified INTEGER NOT NULL CHECK (unverified IN (0, 1))
          );
          CREATE TABLE sourceBody (
            sourceId TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
            bodyId TEXT NOT NULL REFERENCES body(id) DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL,
            PRIMARY KEY (sourceId, bodyId)
          );
          CREATE INDEX sourceBody_body ON sourceBody(bodyId);
          CREATE TABLE recommendation (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sourceId TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
            topicId TEXT NOT NULL REFERENCES topic(id) DEFERRABLE INITIALLY DEFERRED,
            populationId TEXT NOT NULL REFERENCES population(id) DEFERRABLE INITIALLY DEFERRED,
            direction TEXT NOT NULL CHECK (direction IN ('for', 'against', 'neutral')),
            strength TEXT NOT NULL,
            evidenceLevel TEXT,
            normalizedDirection TEXT NOT NULL CHECK (normalizedDirection IN ('for', 'against', 'neutral')),
            normalizedStrength REAL NOT NULL CHECK (normalizedStrength BETWEEN 0 AND 1),
            normalizedCertainty REAL NOT NULL CHECK (normalizedCertainty BETWEEN 0 AND 1),
            windowStart TEXT,
            windowEnd TEXT,
            statement TEXT NOT NULL,
            locator TEXT NOT NULL,
            unverified INTEGER NOT NULL CHECK (unverified IN (0, 1))
          );
          CREATE INDEX recommendation_file ON recommendation(filePath, position);
          CREATE INDEX recommendation_topic ON recommendation(topicId);
          CREATE INDEX recommendation_source ON recommendation(sourceId);
          CREATE TABLE recommendationIntervention (
            recommendationId TEXT NOT NULL REFERENCES recommendation(id) ON DELETE CASCADE,
            interventionId TEXT NOT NULL REFERENCES intervention(id) DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL,
            PRIMARY KEY (recommendationId, interventionId)
          );
          CREATE INDEX recommendationIntervention_intervention ON recommendationIntervention(interventionId);
          CREATE TABLE recommendationPrerequisite (
            recommendationId TEXT NOT NULL REFERENCES recommendation(id) ON DELETE CASCADE,
            prerequisiteId TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (recommendationId, prerequisiteId)
          );
          CREATE TABLE recommendationStudy (
            recommendationId TEXT NOT NULL REFERENCES recommendation(id) ON DELETE CASCADE,
            studyId TEXT NOT NULL REFERENCES study(id) DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL,
            PRIMARY KEY (recommendationId, studyId)
          );
          CREATE INDEX recommendationStudy_study ON recommendationStudy(studyId);
          """)
    }
    migrator.registerMigration("v2: run history") { db in
      try db.execute(
        sql: """
          CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            asOf TEXT NOT NULL,
            catalogueHash TEXT NOT NULL CHECK (length(catalogueHash) = 64),
            toolVersion TEXT NOT NULL,
            topic TEXT,
            errors INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            notes INTEGER NOT NULL,
            passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
            -- 0 until the run's output files are in place; incomplete runs are never compared with
            -- or listed (a run killed after its transaction leaves one behind).
            complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1))
          );
          CREATE TABLE runConflict (
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            conflictId TEXT NOT NULL,
            type TEXT NOT NULL,
            severity TEXT NOT NULL,
            score REAL NOT NULL,
            recommendationA TEXT NOT NULL,
            recommendationB TEXT NOT NULL,
            intervention TEXT NOT NULL,
            PRIMARY KEY (runId, conflictId)
          ) WITHOUT ROWID;
          CREATE TABLE runPathwayLine (
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            topic TEXT NOT NULL,
            phase TEXT NOT NULL,
            start TEXT NOT NULL,
            end TEXT,
            intervention TEXT NOT NULL,
            position TEXT NOT NULL,
            PRIMARY KEY (runId, topic, start, intervention)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v3: indexes on every foreign key") { db in
      // Without an index on a child key, every parent row inserted while a deferred reference to
      // it is pending, and every cascading delete, scans the whole child table: an import of
      // 100,000 recommendations took 100 s instead of a few.
      try db.execute(
        sql: """
          CREATE INDEX gradingScheme_file ON gradingScheme(filePath);
          CREATE INDEX body_file ON body(filePath);
          CREATE INDEX body_scheme ON body(schemeId);
          CREATE INDEX intervention_file ON intervention(filePath);
          CREATE INDEX population_file ON population(filePath);
          CREATE INDEX topic_file ON topic(filePath);
          CREATE INDEX topic_population ON topic(populationId);
          CREATE INDEX study_file ON study(filePath);
          CREATE INDEX source_file ON source(filePath);
          CREATE INDEX source_supersededBy ON source(supersededBy);
          CREATE INDEX recommendation_population ON recommendation(populationId);
          """)
    }
    migrator.registerMigration("v4: catalogue model for real guidelines") { db in
      // Stored file contents of earlier versions cannot be read by this one, and the
      // recommendation table gains columns and loses a NOT NULL: the catalogue rows are emptied
      // (the import that migrates writes them all again) and the recommendation table rebuilt.
      // Run history is kept.
      try db.execute(
        sql: """
          DELETE FROM recommendationStudy;
          DELETE FROM recommendationPrerequisite;
          DELETE FROM recommendationIntervention;
          DROP TABLE recommendation;
          DELETE FROM sourceBody;
          DELETE FROM source;
          DELETE FROM study;
          DELETE FROM topic;
          DELETE FROM population;
          DELETE FROM intervention;
          DELETE FROM body;
          DELETE FROM gradingScheme;
          DELETE FROM catalogueFile;
          CREATE TABLE recommendation (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sourceId TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
            topicId TEXT NOT NULL REFERENCES topic(id) DEFERRABLE INITIALLY DEFERRED,
            populationId TEXT NOT NULL REFERENCES population(id) DEFERRABLE INITIALLY DEFERRED,
            schemeId TEXT REFERENCES gradingScheme(id) DEFERRABLE INITIALLY DEFERRED,
            direction TEXT NOT NULL CHECK (direction IN ('for', 'against', 'neutral')),
            -- NULL where the scheme grades evidence only (ADA).
            strength TEXT,
            evidenceLevel TEXT,
            normalizedDirection TEXT NOT NULL CHECK (normalizedDirection IN ('for', 'against', 'neutral')),
            -- NULL when the strength is unknown (an ungraded statement); never a placeholder.
            normalizedStrength REAL CHECK (normalizedStrength IS NULL OR normalizedStrength BETWEEN 0 AND 1),
            normalizedCertainty REAL NOT NULL CHECK (normalizedCertainty BETWEEN 0 AND 1),
            windowStart TEXT,
            windowEnd TEXT,
            statement TEXT NOT NULL,
            locator TEXT NOT NULL,
            unverified INTEGER NOT NULL CHECK (unverified IN (0, 1)),
            -- The positions implied by its exclusive scope, derived at import (JSON array).
            impliedPositions TEXT NOT NULL DEFAULT '[]'
          );
          CREATE INDEX recommendation_file ON recommendation(filePath, position);
          CREATE INDEX recommendation_topic ON recommendation(topicId);
          CREATE INDEX recommendation_source ON recommendation(sourceId);
          CREATE INDEX recommendation_population ON recommendation(populationId);
          CREATE INDEX recommendation_scheme ON recommendation(schemeId);
          CREATE TABLE measure (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            name TEXT NOT NULL
          );
          CREATE INDEX measure_file ON measure(filePath);
          ALTER TABLE source ADD COLUMN published TEXT;
          """)
    }
    migrator.registerMigration("v5: pathway lines per band") { db in
      // A phase is a stretch of the timeline and, where bodies bound a measure, a band of it:
      // several lines of one intervention can start at the same point, so the phase (whose name
      // holds the bands) is part of the key. Earlier rows are kept.
      try db.execute(
        sql: """
          CREATE TABLE runPathwayLineByPhase (
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            topic TEXT NOT NULL,
            phase TEXT NOT NULL,
            start TEXT NOT NULL,
            end TEXT,
            intervention TEXT NOT NULL,
            position TEXT NOT NULL,
            PRIMARY KEY (runId, topic, phase, intervention)
          ) WITHOUT ROWID;
          INSERT INTO runPathwayLineByPhase SELECT runId, topic, phase, start, end, intervention, position FROM runPathwayLine;
          DROP TABLE runPathwayLine;
          ALTER TABLE runPathwayLineByPhase RENAME TO runPathwayLine;
          """)
    }
    migrator.registerMigration("v6: committee decisions") { db in
      // Decisions of guideline committees, and for each recorded run the evidence each decision
      // settled as it stood when the decision was first checked (the content fingerprint of each
      // recommendation it considered), so that a later change re-opens it.
      try db.execute(
        sql: """
          CREATE TABLE decision (
            id TEXT PRIMARY KEY NOT NULL,
            filePath TEXT NOT NULL REFERENCES catalogueFile(path) ON DELETE CASCADE,
            topicId TEXT NOT NULL REFERENCES topic(id) DEFERRABLE INITIALLY DEFERRED,
            interventionId TEXT NOT NULL REFERENCES intervention(id) DEFERRABLE INITIALLY DEFERRED,
            position TEXT NOT NULL,
            date TEXT NOT NULL,
            committee TEXT NOT NULL
          );
          CREATE INDEX decision_file ON decision(filePath);
          CREATE INDEX decision_topic ON decision(topicId);
          CREATE INDEX decision_intervention ON decision(interventionId);
          CREATE TABLE runDecisionEvidence (
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            decision TEXT NOT NULL,
            decisionFingerprint TEXT NOT NULL,
            recommendation TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            PRIMARY KEY (runId, decision, recommendation)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v7: analysis groups of a run") { db in
      // What a check kept of each group of its analysis (opaque content, by the group's
      // fingerprint), so that the next check reuses the groups whose files are unchanged.
      try db.execute(
        sql: """
          CREATE TABLE runGroup (
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            content BLOB NOT NULL,
            PRIMARY KEY (runId, fingerprint)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v8: stored content without a path in every location", foreignKeyChecks: .immediate) { db in
      // Each file's content now keeps its locations as line and column only (see
      // `SourceLocation.withoutFile`), which content in the old form does not decode as. The
      // catalogue is dropped (every entity row goes with its file), so the next import stores
      // every file again; the run history stays.
      try db.execute(sql: "DELETE FROM catalogueFile")
    }
    migrator.registerMigration("v9: each group's result stored once") { db in
      // A nightly check of an unchanged catalogue kept a copy of every group's result per run
      // (90 MB a run at 100k recommendations). Each result is now stored once, by its
      // fingerprint, and a run lists the fingerprints of its groups.
      try db.execute(
        sql: """
          CREATE TABLE analysisGroup (
            fingerprint TEXT PRIMARY KEY NOT NULL,
            content BLOB NOT NULL
          );
          INSERT OR IGNORE INTO analysisGroup (fingerprint, content) SELECT fingerprint, content FROM runGroup;
          CREATE TABLE runGroupNew (
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL REFERENCES analysisGroup(fingerprint),
            PRIMARY KEY (runId, fingerprint)
          ) WITHOUT ROWID;
          INSERT INTO runGroupNew (runId, fingerprint) SELECT runId, fingerprint FROM runGroup;
          DROP TABLE runGroup;
          ALTER TABLE runGroupNew RENAME TO runGroup;
          CREATE INDEX runGroup_fingerprint ON runGroup(fingerprint);
          """)
    }
    migrator.registerMigration("v10: runs recorded by their groups") { db in
      // A check of the whole catalogue copied every relation and pathway line of its groups into
      // rows of the run (720,000 rows a run at 100k recommendations, most of a check after one
      // edit). Such a run now lists its groups only (`byGroups`), and each group's result keeps
      // how many of its conflicts have each severity, for the run history's counts. Runs recorded
      // before keep their rows.
      try db.execute(
        sql: """
          ALTER TABLE run ADD COLUMN byGroups INTEGER NOT NULL DEFAULT 0;
          CREATE TABLE analysisGroupCount (
            fingerprint TEXT NOT NULL REFERENCES analysisGroup(fingerprint) ON DELETE CASCADE,
            severity TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (fingerprint, severity)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v11: the therapy a concept adjusts") { db in
      // One topic's files were found by scanning every topic file's stored content for the
      // therapies its concepts adjust (1.8 s of one topic's report at 1M recommendations). The
      // therapy is now a column, filled here from the stored content (JSON, as the store wrote it
      // until v13, which then empties the catalogue for the next import to write again) and by
      // every import.
      try db.execute(
        sql: """
          ALTER TABLE intervention ADD COLUMN adjustsTherapy TEXT;
          UPDATE intervention SET adjustsTherapy = (
            SELECT json_extract(concept.value, '$.adjusts.therapy')
            FROM catalogueFile f, json_each(CAST(f.content AS TEXT), '$.interventions') concept
            WHERE f.path = intervention.filePath AND json_extract(concept.value, '$.id') = intervention.id)
          WHERE filePath IN (SELECT path FROM catalogueFile WHERE instr(content, CAST('"adjusts"' AS BLOB)) > 0);
          CREATE INDEX intervention_adjusts ON intervention(adjustsTherapy);
          """)
    }
    migrator.registerMigration("v12: decoded files kept for the check") { db in
      // A check after one edited file spent most of its time parsing the files that had not
      // changed (6 of 7 s at 100k recommendations). Each file it decodes is now kept here, in the
      // compact binary form, with the file's stamp (size, times, inode) and content hash: the next
      // check takes the unchanged files from here. A cache only: any row may be missing or stale
      // (another version of the tool, `version`), and is then parsed again.
      try db.execute(
        sql: """
          CREATE TABLE decodedFile (
            path TEXT PRIMARY KEY NOT NULL,
            contentHash TEXT NOT NULL,
            size INTEGER, modified INTEGER, changed INTEGER, inode INTEGER, device INTEGER,
            version TEXT NOT NULL,
            content BLOB NOT NULL
          );
          """)
    }
    migrator.registerMigration("v13: stored content in the compact binary form", foreignKeyChecks: .immediate) { db in
      // Each file's content is now kept in the compact binary form (`CompactEncoder`), which
      // encodes and decodes several times faster than the JSON kept before. As in v8, the
      // catalogue is dropped (every entity row goes with its file), so the next import stores
      // every file again; the run history and the check's decoded files stay.
      try db.execute(sql: "DELETE FROM catalogueFile")
    }
    migrator.registerMigration("v14: what a check keeps for the next one") { db in
      // After one edited file, a check still decoded, validated and grouped every file (four
      // fifths of its time at 100k). The last whole-catalogue run now keeps what the next check
      // needs of the files it will not read again: their content hashes, the diagnostics of
      // reading and validating them, the question groups and the fingerprints of the
      // recommendations committee decisions considered (content the store does not read). One row,
      // the newest, which goes with its run.
      try db.execute(
        sql: """
          CREATE TABLE checkState (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            content BLOB NOT NULL
          );
          CREATE INDEX checkState_run ON checkState(runId);
          """)
    }
    migrator.registerMigration("v15: each group's findings apart from its result") { db in
      // A check after one edit read every reused group's whole result (900 MB at 1M) for its
      // findings alone. The findings of each result stored from now on are also kept here, read
      // instead; results stored before are read whole, as before.
      try db.execute(
        sql: """
          CREATE TABLE analysisGroupFindings (
            fingerprint TEXT PRIMARY KEY NOT NULL REFERENCES analysisGroup(fingerprint) ON DELETE CASCADE,
            findings BLOB NOT NULL
          );
          """)
    }
    migrator.registerMigration("v16: kept files' recommendations apart") { db in
      // A check after an edit that changed only what recommendations say reads every kept file
      // without its recommendations, yet read the whole cache for it (600 MB at 1M, the
      // recommendations most of it). Each kept file's recommendations are now kept here, apart
      // from the rest of it, and read only for the files that need them. Rows kept before are
      // of another version (their `version`) and parsed again. Each row names the content hash
      // of the file it belongs to, so that recommendations read after the rest of a file (another
      // check may have kept a newer version meanwhile) are taken only with that version; and each
      // file row says whether it has recommendations, so that a missing row is never taken for
      // none.
      try db.execute(
        sql: """
          ALTER TABLE decodedFile ADD COLUMN hasRecommendations INTEGER NOT NULL DEFAULT 0;
          CREATE TABLE decodedFileRecommendations (
            path TEXT PRIMARY KEY NOT NULL,
            contentHash TEXT NOT NULL,
            content BLOB NOT NULL
          );
          """)
    }
    return migrator
  }
}
