/*
 * The API's types, generated from its OpenAPI document by `npm run api:types`: do not edit.
 * apps/server/src/api/web-types.test.ts fails when this file is not what the document gives.
 */

export type JsonValue = string | number | boolean | null | (readonly (JsonValue | null)[]) | {
  readonly [key: string]: JsonValue | null;
};

export interface paths {
  "/health": {
    get: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: {
          readonly status: "ok";
        };
        503: {
          readonly status: "unavailable";
        };
      };
    };
  };
  "/setup": {
    get: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: {
          readonly needsSetup: boolean;
          /** Whether a mail server is configured: invitations and password-reset links go by e-mail; otherwise links are copied by hand and there is no "forgot password" */
          readonly emailEnabled: boolean;
          /** Whether "Sign in with Microsoft" (Entra ID) is set up (SPECREADY_ENTRA_CLIENT_ID) */
          readonly entraEnabled: boolean;
        };
      };
    };
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly organizationName: string;
        readonly name: string;
        readonly email: string;
        readonly password: string;
      };
      responses: {
        201: components["schemas"]["Session"];
        400: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/session": {
    get: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["Session"];
        401: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly email: string;
        readonly password: string;
      };
      responses: {
        200: components["schemas"]["Session"];
        202: components["schemas"]["CodeStep"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
      };
    };
    delete: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
      };
    };
  };
  "/session/sign-out-everywhere": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
      };
    };
  };
  "/session/password": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly currentPassword: string;
        readonly newPassword: string;
      };
      responses: {
        204: never;
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/invitations/{token}": {
    get: {
      parameters: {
        path: {
          readonly token: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["InvitationInfo"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/invitations/{token}/accept": {
    post: {
      parameters: {
        path: {
          readonly token: string;
        };
        query: never;
      };
      requestBody: {
        readonly name?: string;
        readonly password: string;
      };
      responses: {
        200: components["schemas"]["Session"];
        202: components["schemas"]["CodeStep"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/password-reset": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly email: string;
      };
      responses: {
        202: components["schemas"]["PasswordResetRequested"];
        400: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
      };
    };
  };
  "/password-reset/{token}": {
    get: {
      parameters: {
        path: {
          readonly token: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["PasswordResetLink"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly token: string;
        };
        query: never;
      };
      requestBody: {
        readonly password: string;
      };
      responses: {
        204: never;
        400: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/session/two-factor": {
    get: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["TwoFactorStatus"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
      };
    };
  };
  "/session/two-factor/enrolment": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        201: components["schemas"]["TwoFactorEnrolment"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/session/two-factor/enrolment/confirm": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly code: string;
      };
      responses: {
        200: components["schemas"]["RecoveryCodes"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/session/two-factor/disable": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly password: string;
      };
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
      };
    };
  };
  "/session/code": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly challenge: string;
        readonly code?: string;
        readonly recoveryCode?: string;
      };
      responses: {
        200: components["schemas"]["Session"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/two-factor-policy": {
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly required: boolean;
      };
      responses: {
        200: components["schemas"]["TwoFactorPolicy"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/session/entra/start": {
    get: {
      parameters: {
        path: never;
        query: {
          /** An invitation's token: accept it with the Microsoft account */
          readonly invitation?: string;
        };
      };
      requestBody: never;
      responses: {
        302: never;
        400: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/session/entra/link": {
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["EntraLinkStart"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/session/entra": {
    get: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["EntraStatus"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
      };
    };
    delete: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/session/entra/callback": {
    get: {
      parameters: {
        path: never;
        query: {
          readonly code?: string;
          readonly state?: string;
          readonly error?: string;
          readonly error_description?: string;
          readonly session_state?: string;
        };
      };
      requestBody: never;
      responses: {
        302: never;
        400: components["schemas"]["Error"];
      };
    };
  };
  "/session/email-verification": {
    get: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["EmailVerification"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        202: components["schemas"]["EmailVerificationSent"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        429: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/email-verification/{token}": {
    post: {
      parameters: {
        path: {
          readonly token: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/entra-policy": {
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly allowedTenantIds: readonly string[];
        readonly requireEntra: boolean;
      };
      responses: {
        200: components["schemas"]["EntraPolicy"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/orgs": {
    get: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["OrganizationSummary"][];
        401: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: never;
        query: never;
      };
      requestBody: {
        readonly name: string;
      };
      responses: {
        201: components["schemas"]["OrganizationSummary"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["Organization"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/review-policy": {
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly allowSelfApproval: boolean;
      };
      responses: {
        200: components["schemas"]["ReviewPolicy"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/application": {
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly submittedOn: string;
        readonly reference?: string;
      };
      responses: {
        200: components["schemas"]["Application"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/evaluation": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          /** Evaluate at this date (default: today, UTC) */
          readonly asOf?: string;
        };
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["Evaluation"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/dashboard": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          /** Evaluate at this date (default: today, UTC) */
          readonly asOf?: string;
          /** A specialization the organization pursues (default: the AI Platform, `ai-platform-azure`) */
          readonly specialization?: string;
        };
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["Dashboard"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/uploads": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          readonly kind: components["schemas"]["ImportKind"];
          readonly fileName: string;
        };
      };
      requestBody: Blob;
      responses: {
        201: components["schemas"]["Upload"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
        415: components["schemas"]["Error"];
        422: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/uploads/{uploadId}": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly uploadId: string;
        };
        query: {
          /** A ColumnMapping as JSON text */
          readonly mapping?: string;
        };
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["Upload"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        422: components["schemas"]["Error"];
      };
    };
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly uploadId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/uploads/{uploadId}/import": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly uploadId: string;
        };
        query: never;
      };
      requestBody: {
        readonly mapping?: components["schemas"]["ColumnMapping"];
        readonly rememberMapping?: boolean;
        /** Stop before applying: the job waits in `needs_confirmation` (confirmations include `changes`) with its `impact`: for certifications every row it adds, changes and removes of the people records (`impact.people`, conflicts with People-page edits flagged), for a capability score the entry it adds to the history (`impact.score`). Confirm with `confirmChanges` to apply; cancel and nothing changes */
        readonly preview?: boolean;
        /** Import even though it leaves its kind with no records, or removes more than half of the rows, customers or people in effect (usage: of the months it covers) */
        readonly confirmReplace?: boolean;
        /** Import even though some rows repeat an earlier row of the file exactly (they are kept and counted) */
        readonly confirmRepeats?: boolean;
        /** Apply an import that was asked for with `preview` (its job lists the confirmation `changes`), after reading what it adds, changes and removes */
        readonly confirmChanges?: boolean;
      };
      responses: {
        202: {
          readonly jobId: string;
        };
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/import-jobs/{jobId}": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly jobId: string;
        };
        query: {
          /** Milliseconds to wait for the job's next change (at most 10000) */
          readonly wait?: number | null;
          /** The `version` of the job last seen: a job changed since is answered at once */
          readonly after?: number | null;
        };
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ImportJob"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/import-jobs/{jobId}/confirm": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly jobId: string;
        };
        query: never;
      };
      requestBody: {
        /** Import even though it leaves its kind with no records, or removes more than half of the rows, customers or people in effect (usage: of the months it covers) */
        readonly confirmReplace?: boolean;
        /** Import even though some rows repeat an earlier row of the file exactly (they are kept and counted) */
        readonly confirmRepeats?: boolean;
        /** Apply an import that was asked for with `preview` (its job lists the confirmation `changes`), after reading what it adds, changes and removes */
        readonly confirmChanges?: boolean;
      };
      responses: {
        202: components["schemas"]["ImportJob"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/import-jobs/{jobId}/cancel": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly jobId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ImportJob"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/imports": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["Import"][];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/imports/{importId}/revert": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly importId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["Import"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/column-mappings": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: {
          readonly [key: string]: components["schemas"]["ColumnMapping"];
        };
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/members": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: {
          readonly members: readonly components["schemas"]["Member"][];
          readonly invitations: readonly components["schemas"]["Invitation"][];
        };
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/invitations": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly email: string;
        readonly role: components["schemas"]["Role"];
      };
      responses: {
        201: (components["schemas"]["Invitation"]) & ({
          /** The one-time link, only when no e-mail was sent */
          readonly url?: string;
        });
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        503: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/invitations/{invitationId}": {
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly invitationId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/members/{userId}": {
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly userId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
    patch: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly userId: string;
        };
        query: never;
      };
      requestBody: {
        readonly role: components["schemas"]["Role"];
      };
      responses: {
        200: components["schemas"]["Member"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/activity": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          readonly action?: string;
          /** Part of the actor's name */
          readonly actor?: string;
          readonly from?: string;
          readonly to?: string;
          /** The `next` cursor of the previous page */
          readonly before?: number;
          readonly limit?: number;
        };
      };
      requestBody: never;
      responses: {
        200: {
          readonly entries: readonly components["schemas"]["ActivityEntry"][];
          readonly next: number | null;
          readonly actions: readonly string[];
        };
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/tokens": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["ApiToken"][];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly name: string;
        readonly role?: components["schemas"]["TokenRole"];
      };
      responses: {
        201: (components["schemas"]["ApiToken"]) & ({
          readonly token: string;
        });
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/tokens/{tokenId}": {
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly tokenId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ApiToken"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/customer-projects": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["CustomerProject"][];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["CustomerProjectInput"];
      responses: {
        201: components["schemas"]["CustomerProject"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/customer-projects/{projectId}": {
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly projectId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
    patch: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly projectId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["CustomerProjectPatch"];
      responses: {
        200: components["schemas"]["CustomerProject"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/evidence": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          readonly control?: string;
          readonly status?: components["schemas"]["EvidenceStatus"];
          readonly projectId?: string;
          /** 1: only items you created */
          readonly mine?: "0" | "1";
        };
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["EvidenceItem"][];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["EvidenceCreate"];
      responses: {
        201: components["schemas"]["EvidenceDetail"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/evidence/files": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          readonly title: string;
          readonly artifactType: string;
          readonly projectId: string;
          /** Control ids, comma-separated */
          readonly controls: string;
          readonly fileName: string;
        };
      };
      requestBody: Blob;
      responses: {
        201: components["schemas"]["EvidenceDetail"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
        415: components["schemas"]["Error"];
        422: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/evidence/{evidenceId}": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly evidenceId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["EvidenceDetail"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly evidenceId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
    patch: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly evidenceId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["EvidencePatch"];
      responses: {
        200: components["schemas"]["EvidenceDetail"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/evidence/{evidenceId}/revisions": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly evidenceId: string;
        };
        query: {
          readonly fileName: string;
        };
      };
      requestBody: Blob;
      responses: {
        201: components["schemas"]["EvidenceRevision"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
        415: components["schemas"]["Error"];
        422: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/evidence/{evidenceId}/revisions/{revision}/content": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly evidenceId: string;
          readonly revision: number;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: Blob;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/evidence/{evidenceId}/review": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly evidenceId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["ReviewAction"];
      responses: {
        200: components["schemas"]["EvidenceDetail"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/readiness": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          readonly date?: string;
          /** 1: the what-if, counting every item pending review as if it were approved */
          readonly ifApproved?: "0" | "1";
        };
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["AuditReadiness"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/specialties/{controlId}": {
    put: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly controlId: string;
        };
        query: never;
      };
      requestBody: {
        readonly specialty: string | null;
      };
      responses: {
        200: components["schemas"]["AuditReadiness"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/plan": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["AuditPlan"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["AuditPlanInput"];
      responses: {
        200: components["schemas"]["AuditPlan"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/findings": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["Finding"][];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["FindingCreate"];
      responses: {
        201: components["schemas"]["Finding"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/findings/{findingId}": {
    patch: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly findingId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["FindingPatch"];
      responses: {
        200: components["schemas"]["Finding"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/gap-reports": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["GapReport"][];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["GapReportCreate"];
      responses: {
        201: components["schemas"]["GapReport"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/results": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["AuditResult"][];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["AuditResultCreate"];
      responses: {
        201: components["schemas"]["AuditResult"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/results/preview": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["AuditResultCreate"];
      responses: {
        200: components["schemas"]["AuditResultPreview"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/results/{resultId}/withdraw": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly resultId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["AuditResultWithdraw"];
      responses: {
        200: components["schemas"]["AuditResult"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/audit/binder": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: {
          /** 1: also the evidence not approved yet (draft, submitted, changes requested), each marked with its status */
          readonly pending?: "0" | "1";
          /** A specialization the organization pursues (default: the AI Platform); Module A evidence is in each one's binder */
          readonly specialization?: string;
        };
      };
      requestBody: never;
      responses: {
        200: Blob;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/program-settings": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ProgramSettings"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly pinnedProgramId: string | null;
        readonly includeProvisional: boolean;
      };
      responses: {
        200: components["schemas"]["ProgramSettings"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/specializations": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["Specializations"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly specializations: readonly string[];
      };
      responses: {
        200: components["schemas"]["Specializations"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        412: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/plans": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: readonly components["schemas"]["SavedPlan"][];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly name: string;
        readonly auditDate: string;
        /** A `WhatIfScenario` (default: none) */
        readonly scenario?: unknown;
        readonly active?: boolean;
      };
      responses: {
        200: {
          readonly saved: components["schemas"]["SavedPlan"];
          readonly plan: components["schemas"]["Plan"];
        };
        201: {
          readonly saved: components["schemas"]["SavedPlan"];
          readonly plan: components["schemas"]["Plan"];
        };
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/plans/preview": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly auditDate: string;
        readonly scenario?: unknown;
      };
      responses: {
        200: components["schemas"]["Plan"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/plans/active": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ActivePlan"] | null;
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/plans/{planId}": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly planId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: {
          readonly saved: components["schemas"]["SavedPlan"];
          readonly plan: components["schemas"]["Plan"];
        };
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly planId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/people": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["PeopleList"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["PersonInput"];
      responses: {
        201: components["schemas"]["Person"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/people/export": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: Blob;
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/people/{personRef}": {
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly personRef: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    patch: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly personRef: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["PersonPatch"];
      responses: {
        200: components["schemas"]["Person"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/people/{personRef}/certifications": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly personRef: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["CertificationInput"];
      responses: {
        201: components["schemas"]["PersonCertification"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/people/{personRef}/certifications/{certificationId}": {
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly personRef: string;
          readonly certificationId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    patch: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly personRef: string;
          readonly certificationId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["CertificationPatch"];
      responses: {
        200: components["schemas"]["PersonCertification"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/capability-score": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["CapabilityScoreView"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/capability-score/export": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: Blob;
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/capability-score/entries": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: components["schemas"]["ScoreEntryInput"];
      responses: {
        201: components["schemas"]["ScoreEntry"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        413: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/capability-score/entries/{entryId}": {
    delete: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly entryId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        204: never;
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/getting-started": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["GettingStarted"];
        401: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/reminders/preferences": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ReminderPreferences"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly disabledKinds: readonly components["schemas"]["ReminderKind"][];
        readonly digest: boolean;
      };
      responses: {
        200: components["schemas"]["ReminderPreferences"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/reminders/settings": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ReminderSettings"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
    put: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: {
        readonly reviewWaitDays: number;
        /** The webhook's address: https on *.webhook.office.com, outlook.office.com/webhook/…, *.logic.azure.com or *.powerplatform.com (Teams incoming webhook, Workflows/Power Automate, Logic Apps); null removes it; absent keeps it */
        readonly teamsWebhookUrl?: string | null;
      };
      responses: {
        200: components["schemas"]["ReminderSettings"];
        400: components["schemas"]["Error"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/reminders/deliveries": {
    get: {
      parameters: {
        path: {
          readonly orgId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ReminderDeliveries"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
      };
    };
  };
  "/orgs/{orgId}/reminders/deliveries/{deliveryId}/retry": {
    post: {
      parameters: {
        path: {
          readonly orgId: string;
          readonly deliveryId: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: components["schemas"]["ReminderDelivery"];
        401: components["schemas"]["Error"];
        403: components["schemas"]["Error"];
        404: components["schemas"]["Error"];
        409: components["schemas"]["Error"];
      };
    };
  };
  "/unsubscribe/{token}": {
    get: {
      parameters: {
        path: {
          readonly token: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: Blob;
        404: components["schemas"]["Error"];
      };
    };
    post: {
      parameters: {
        path: {
          readonly token: string;
        };
        query: never;
      };
      requestBody: never;
      responses: {
        200: Blob;
        404: components["schemas"]["Error"];
      };
    };
  };
}

export interface components {
  schemas: {
    Session: {
      readonly user: components["schemas"]["User"];
      readonly organizations: readonly components["schemas"]["OrganizationSummary"][];
      readonly csrfToken: string;
    };
    User: {
      readonly id: string;
      readonly email: string;
      readonly name: string;
    };
    OrganizationSummary: {
      readonly id: string;
      readonly name: string;
      readonly role: components["schemas"]["Role"];
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    Role: "partner_admin" | "contributor" | "auditor" | "viewer";
    /** The actions of the policy table the caller may take on this resource now (role and state); the web app shows only these */
    AllowedActions: readonly ("organization.read" | "evaluation.read" | "imports.read" | "projects.read" | "imports.create" | "imports.revert" | "mappings.read" | "members.read" | "members.invite" | "members.change" | "application.record" | "activity.read" | "tokens.manage" | "review-policy.change" | "two-factor.require" | "entra-policy.change" | "customer-projects.write" | "evidence.read" | "evidence.download" | "evidence.write" | "evidence.submit" | "evidence.review" | "audit.read" | "audit.specialty" | "audit.plan" | "audit.findings.update" | "audit.findings.record" | "audit.findings.respond" | "audit.gap-report" | "audit.result" | "audit.binder" | "program.configure" | "plans.save" | "people.read" | "people.write" | "capability-score.read" | "capability-score.write" | "reminders.preferences" | "reminders.settings" | "reminders.deliveries")[];
    Error: {
      readonly error: {
        readonly code: string;
        readonly message: string;
        readonly issues?: readonly {
          readonly path: string;
          readonly message: string;
        }[];
        readonly problems?: readonly components["schemas"]["Problem"][];
        readonly problemTotal?: number;
      };
    };
    Problem: {
      readonly file: string;
      readonly line?: number;
      readonly column?: string;
      readonly code: string;
      readonly message: string;
    };
    CodeStep: {
      readonly codeRequired: true;
      /** Send it back with the code (POST /session/code) */
      readonly challenge: string;
    };
    InvitationInfo: {
      readonly organizationName: string;
      readonly email: string;
      readonly role: components["schemas"]["Role"];
      readonly expiresAt: string;
    };
    PasswordResetRequested: {
      readonly minutes: number;
    };
    PasswordResetLink: {
      readonly email: string;
    };
    TwoFactorStatus: {
      readonly enabled: boolean;
      readonly recoveryCodesLeft: number;
      /** An organization of the person requires two-factor sign-in */
      readonly required: boolean;
    };
    TwoFactorEnrolment: {
      readonly secret: string;
      readonly uri: string;
    };
    RecoveryCodes: {
      readonly recoveryCodes: readonly string[];
    };
    TwoFactorPolicy: {
      readonly requireTwoFactor: boolean;
    };
    EntraLinkStart: {
      readonly authorizationUrl: string;
    };
    EntraStatus: {
      /** Sign-in with Microsoft is set up on this server */
      readonly configured: boolean;
      readonly identity: components["schemas"]["EntraIdentity"] | null;
      /** An organization of the person requires Microsoft sign-in */
      readonly required: boolean;
    };
    EntraIdentity: {
      readonly tenantId: string;
      readonly objectId: string;
      /** preferred_username: shown, never used to find the account */
      readonly username: string;
      readonly linkedAt: string;
      readonly lastSignInAt: string | null;
    };
    EmailVerification: {
      readonly verified: boolean;
      /** The server sends e-mail, so a link can be sent */
      readonly emailEnabled: boolean;
    };
    EmailVerificationSent: {
      readonly minutes: number;
    };
    EntraPolicy: {
      /** After a Microsoft sign-in, only people of these Entra tenants (GUIDs) may use the organization; empty: any tenant */
      readonly allowedTenantIds: readonly string[];
      /** Members must sign in with Microsoft: a password session is refused */
      readonly requireEntra: boolean;
    };
    Organization: {
      readonly id: string;
      readonly name: string;
      readonly role: components["schemas"]["Role"];
      readonly application: components["schemas"]["Application"] | null;
      readonly dataVersion: number;
      readonly reviewPolicy: components["schemas"]["ReviewPolicy"];
      /** Every member signs in with a code as well */
      readonly requireTwoFactor: boolean;
      /** The Microsoft (Entra ID) sign-in rules (PUT /orgs/{orgId}/entra-policy) */
      readonly entraPolicy: {
        readonly allowedTenantIds: readonly string[];
        readonly requireEntra: boolean;
      };
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    Application: {
      readonly submittedOn: string;
      readonly reference: string | null;
      readonly recordedBy: string;
      readonly recordedAt: string;
    };
    ReviewPolicy: {
      /** Whether the author of an item's current content may approve it (off by default: a second partner admin approves) */
      readonly allowSelfApproval: boolean;
      readonly changedBy: string | null;
      readonly changedAt: string | null;
    };
    /** The same object as `specready check --format json` prints for the same data. */
    Evaluation: {
      readonly program: string;
      readonly programName: string;
      readonly programVersion: string;
      readonly asOf: string;
      readonly ready: boolean;
      readonly eligibleToApply: boolean;
      readonly requirements: readonly components["schemas"]["RequirementResult"][];
      readonly timeline: readonly components["schemas"]["ChangeEvent"][];
      readonly warnings: readonly components["schemas"]["InputWarning"][];
      readonly inputs: readonly {
        readonly kind: string;
        readonly file: string;
        readonly rows: number;
      }[];
      readonly versions: components["schemas"]["VersionsUsed"];
    };
    RequirementResult: {
      readonly id: "designation";
      readonly title: string;
      readonly status: components["schemas"]["RequirementStatus"];
      readonly summary: string;
      readonly rule: string;
      readonly interpretation?: string;
      readonly gaps: readonly {
        readonly code: string;
        readonly message: string;
      }[];
      readonly changes: readonly components["schemas"]["ChangeEvent"][];
      readonly resources: readonly {
        readonly title: string;
        readonly url: string;
      }[];
      readonly details?: components["schemas"]["DesignationDetails"];
    } | {
      readonly id: "performance";
      readonly title: string;
      readonly status: components["schemas"]["RequirementStatus"];
      readonly summary: string;
      readonly rule: string;
      readonly interpretation?: string;
      readonly gaps: readonly {
        readonly code: string;
        readonly message: string;
      }[];
      readonly changes: readonly components["schemas"]["ChangeEvent"][];
      readonly resources: readonly {
        readonly title: string;
        readonly url: string;
      }[];
      readonly details?: components["schemas"]["PerformanceDetails"];
    } | {
      readonly id: "knowledge";
      readonly title: string;
      readonly status: components["schemas"]["RequirementStatus"];
      readonly summary: string;
      readonly rule: string;
      readonly interpretation?: string;
      readonly gaps: readonly {
        readonly code: string;
        readonly message: string;
      }[];
      readonly changes: readonly components["schemas"]["ChangeEvent"][];
      readonly resources: readonly {
        readonly title: string;
        readonly url: string;
      }[];
      readonly details?: components["schemas"]["KnowledgeDetails"];
    } | {
      readonly id: "audit";
      readonly title: string;
      readonly status: components["schemas"]["RequirementStatus"];
      readonly summary: string;
      readonly rule: string;
      readonly interpretation?: string;
      readonly gaps: readonly {
        readonly code: string;
        readonly message: string;
      }[];
      readonly changes: readonly components["schemas"]["ChangeEvent"][];
      readonly resources: readonly {
        readonly title: string;
        readonly url: string;
      }[];
      readonly details?: components["schemas"]["AuditDetails"];
    };
    RequirementStatus: "met" | "not_met" | "no_data" | "unknown";
    ChangeEvent: {
      readonly date: string;
      readonly requirement: "designation" | "performance" | "knowledge" | "audit";
      readonly status: components["schemas"]["RequirementStatus"];
      readonly statusChanges: boolean;
      readonly message: string;
    };
    DesignationDetails: {
      readonly qualifyingAreas: readonly string[];
      /** A decimal number of points */
      readonly minimumTotalPoints: string;
      readonly areas: readonly {
        readonly area: string;
        /** A decimal number of points */
        readonly totalPoints: string;
        readonly met: boolean;
        readonly metrics: readonly {
          readonly metric: string;
          readonly category: string;
          /** A decimal number of points */
          readonly points: string;
          readonly line: number | null;
        }[];
        readonly metricsWithoutPoints: readonly string[];
        /** A decimal number of points */
        readonly pointsShort: string;
      }[];
      readonly basis: "designation" | "capability-score";
      readonly designations?: readonly {
        readonly area: string;
        readonly status: string;
        readonly attainedDate: string | null;
        readonly anniversaryDate: string | null;
        readonly active: boolean;
        readonly renewalWindow: {
          readonly from: string;
          readonly to: string;
        } | null;
        readonly score: {
          /** A decimal number of points */
          readonly totalPoints: string;
          readonly qualifies: boolean;
        } | null;
        readonly line: number;
      }[];
    };
    PerformanceDetails: {
      readonly window: readonly string[];
      readonly monthlyAverageUsd: number;
      readonly customerCount: number;
      /** A decimal amount in US dollars */
      readonly windowTotalUsd: string;
      /** A decimal amount in US dollars */
      readonly requiredWindowTotalUsd: string;
      /** A decimal amount in US dollars */
      readonly requiredMonthlyAverageUsd: string;
      readonly requiredCustomers: number;
      readonly monthTotals: readonly {
        /** A calendar month YYYY-MM */
        readonly month: string;
        /** A decimal amount in US dollars */
        readonly amountUsd: string;
      }[];
      readonly customers: readonly {
        readonly tenantId: string;
        readonly name: string | null;
        /** A decimal amount in US dollars */
        readonly windowTotalUsd: string;
        readonly counts: boolean;
        readonly partnerOwnTenant: boolean;
        readonly months: readonly {
          /** A calendar month YYYY-MM */
          readonly month: string;
          /** A decimal amount in US dollars */
          readonly amountUsd: string;
          readonly inWindow: boolean;
        }[];
        readonly ineligibleInWindow: readonly {
          readonly reason: string;
          /** A decimal amount in US dollars */
          readonly amountUsd: string;
          readonly cause: "attribution" | "government-attribution" | "government-pal" | "excluded-offer" | "partner-own-tenant";
        }[];
      }[];
      readonly rows: {
        readonly total: number;
        readonly eligible: number;
        readonly notAi: number;
        readonly duplicates: number;
        readonly governmentPal: number;
        readonly excludedOffers: {
          readonly [key: string]: number;
        };
        readonly ineligibleAttributions: {
          readonly [key: string]: number;
        };
      };
    };
    KnowledgeDetails: {
      readonly individualCount: number;
      readonly holders: {
        readonly [key: string]: number;
      };
      readonly requiredIndividuals: number;
      readonly requiredCertifications: readonly string[];
      readonly people: readonly {
        readonly personId: string;
        readonly name: string | null;
        readonly counts: boolean;
        readonly certifications: readonly {
          readonly certification: string;
          readonly countsAs: string | null;
          readonly credential: string | null;
          readonly earnedDate: string | null;
          readonly expiresOn: string | null;
          readonly associated: boolean | null;
          readonly counting: boolean;
          readonly notCountingBecause: string | null;
          readonly renewalOpensOn: string | null;
          readonly renewableUntil: string | null;
          readonly line: number;
        }[];
      }[];
      readonly lifecycle: readonly {
        readonly certification: string;
        readonly retires: string | null;
        readonly retired: boolean;
        readonly canBeEarned: boolean;
        readonly successor: {
          readonly id: string;
          readonly certification: string;
          readonly accepted: boolean;
        } | null;
        readonly currentHolders: number;
        readonly lastDayHeld: string | null;
        readonly confidence: string | null;
        readonly sources: readonly string[];
      }[];
      readonly cannotBeMetFrom: string | null;
    };
    AuditDetails: {
      readonly moduleAWaived: boolean;
      readonly controls: readonly {
        readonly id: string;
        readonly status: components["schemas"]["ControlStatus"];
        readonly customerCount: number;
        readonly required: number;
        readonly module: string;
        readonly title: string;
        readonly requiredEvidence: string;
        readonly minimumArtifactsPerCustomer: number | null;
        readonly customers: readonly {
          readonly tenantId: string;
          readonly name: string | null;
          readonly deploymentDate: string;
          readonly countsUntil: string | null;
          readonly counts: boolean;
          readonly notCountingBecause: string | null;
          readonly evidence: readonly {
            readonly evidence: string | null;
            readonly deploymentDate: string;
            readonly line: number;
          }[];
        }[];
        readonly missing: string | null;
      }[];
      readonly checklists: {
        readonly A: string;
        readonly B: string;
      };
      readonly waiver: {
        readonly module: string;
        readonly date: string;
        readonly until: string;
        readonly basis: string;
        readonly line: number;
      } | null;
      readonly evidenceWindow: {
        readonly from: string;
        readonly to: string;
      };
    };
    ControlStatus: "met" | "not_met" | "waived";
    InputWarning: {
      readonly code: string;
      readonly file?: string;
      readonly message: string;
      readonly count: number;
    };
    VersionsUsed: {
      readonly program: {
        readonly id: string;
        readonly name: string;
        readonly version: string;
        readonly alsoKnownAs: readonly string[];
        readonly effectiveFrom: string | null;
        readonly effectiveTo: string | null;
        readonly provisional: {
          readonly label: string;
          readonly reason: string;
        } | null;
      };
      readonly reading: string;
      readonly selectedBy: "date" | "pinned";
      readonly pinnedBy: "cli" | "organization" | null;
      readonly reason: string;
      readonly checklists: readonly components["schemas"]["ChecklistUse"][];
      readonly warnings: readonly string[];
    };
    ChecklistUse: {
      readonly module: "A" | "B";
      readonly date: string;
      readonly inEffect: components["schemas"]["ChecklistRef"] | null;
      readonly measuredAgainst: components["schemas"]["ChecklistRef"];
      readonly reason: string;
    };
    ChecklistRef: {
      readonly id: string;
      readonly module: "A" | "B";
      readonly title: string;
      readonly version: string;
      readonly effectiveFrom: string;
      readonly effectiveTo: string | null;
      readonly controlData: "complete" | "summary";
    };
    Dashboard: {
      readonly evaluation: components["schemas"]["Evaluation"];
      readonly charts: components["schemas"]["DashboardCharts"];
      /** null without an evidence register */
      readonly auditPending: components["schemas"]["AuditPendingFigures"] | null;
    };
    /** ACR by customer and month, certification expiry, capability score, audit coverage. */
    DashboardCharts: {
      readonly asOf: string;
      readonly acr: components["schemas"]["AcrChart"];
      readonly certifications: components["schemas"]["CertificationsChart"];
      readonly capability: components["schemas"]["CapabilityChart"];
      readonly audit: components["schemas"]["AuditChart"];
    };
    AcrChart: {
      readonly status: components["schemas"]["RequirementStatus"];
      readonly months: readonly string[];
      readonly window: readonly string[];
      /** A decimal amount in US dollars */
      readonly thresholdUsd: string;
      readonly requiredCustomers: number;
      readonly customers: readonly {
        readonly tenantId: string;
        readonly name: string | null;
        readonly countsInWindow: boolean;
        /** A decimal amount in US dollars */
        readonly windowSumUsd: string;
        /** One amount per month of `months` */
        readonly amountsUsd: readonly string[];
        readonly colorRank: number;
      }[];
      readonly totalsUsd: readonly string[];
      /** A decimal amount in US dollars */
      readonly windowTotalUsd: string;
      /** A decimal amount in US dollars */
      readonly windowAverageUsd: string;
      readonly customerCount: number;
      readonly hasData: boolean;
    };
    CertificationsChart: {
      readonly status: components["schemas"]["RequirementStatus"];
      readonly people: readonly {
        readonly personId: string;
        readonly name: string | null;
        readonly counts: boolean;
        readonly certifications: readonly {
          readonly certification: string;
          readonly counted: string | null;
          readonly earnedDate: string | null;
          readonly expiresOn: string | null;
          readonly renewalOpensOn: string | null;
          readonly renewalRetires: string | null;
          readonly status: "counting" | "not_associated" | "not_yet_earned" | "expired" | "does_not_count";
        }[];
      }[];
      readonly hasData: boolean;
    };
    CapabilityChart: {
      readonly status: components["schemas"]["RequirementStatus"];
      /** A decimal number of points */
      readonly everyMetricAbove: string;
      readonly areas: readonly {
        readonly area: string;
        readonly eligible: boolean;
        /** A decimal number of points */
        readonly totalPoints: string;
        /** A decimal number of points */
        readonly neededTotal: string;
        readonly meets: boolean;
        readonly metrics: readonly {
          readonly metric: string;
          readonly category: string;
          /** A decimal number of points */
          readonly points: string;
          /** A decimal number of points */
          readonly maxPoints: string | null;
          readonly hasPoints: boolean;
        }[];
      }[];
      readonly hasData: boolean;
    };
    AuditChart: {
      readonly status: components["schemas"]["RequirementStatus"];
      readonly from: string;
      readonly to: string;
      readonly moduleAWaived: boolean;
      readonly moduleAWaivedUntil: string | null;
      readonly controls: readonly {
        readonly id: string;
        readonly module: string;
        readonly title: string;
        readonly required: number;
        readonly customerCount: number;
        readonly status: components["schemas"]["ControlStatus"];
      }[];
      readonly customers: readonly {
        readonly tenantId: string;
        readonly name: string | null;
      }[];
      readonly cells: readonly {
        readonly control: string;
        readonly tenantId: string;
        readonly latestDeploymentDate: string;
        readonly counts: boolean;
      }[];
      readonly hasData: boolean;
    };
    /** Per control, the customers that evidence pending review would add once approved (the evaluation counts approved evidence only). */
    AuditPendingFigures: {
      readonly date: string;
      readonly items: number;
      readonly statusIfApproved: "met" | "not_met";
      readonly controls: readonly {
        readonly id: string;
        readonly customerCount: number;
        readonly required: number;
        readonly pendingItems: number;
        readonly pendingCustomers: number;
        readonly statusIfApproved: components["schemas"]["ControlStatus"];
      }[];
    };
    Upload: {
      readonly id: string;
      readonly kind: components["schemas"]["ImportKind"];
      readonly fileName: string;
      readonly size: number;
      readonly sha256: string;
      readonly preview: {
        readonly header: readonly string[];
        readonly rows: readonly (readonly string[])[];
        readonly columns: readonly {
          readonly name: string;
          readonly required: boolean;
          readonly description: string;
          readonly header: string | null;
          readonly matchedBy: "mapping" | "name" | null;
        }[];
        readonly missingRequired: readonly string[];
        readonly savedMapping: boolean;
        /** Some header or cell is longer than 200 characters and shown cut, ending in … */
        readonly truncated: boolean;
      };
    };
    ImportKind: "azure-usage" | "certifications" | "capability-score" | "audit-evidence" | "audit-history" | "customer-projects" | "designation";
    ColumnMapping: {
      readonly [key: string]: string;
    };
    ImportJob: {
      readonly id: string;
      readonly uploadId: string;
      readonly kind: components["schemas"]["ImportKind"];
      readonly fileName: string;
      readonly state: "reading" | "needs_confirmation" | "saving" | "done" | "failed" | "cancelled";
      readonly bytesDone: number;
      readonly bytesTotal: number;
      readonly rows: number;
      /** Rows that repeat an earlier row of the file exactly (kept and counted) */
      readonly repeats?: {
        readonly rows: number;
        readonly repeated: number;
        readonly complete: boolean;
        readonly message: string | null;
      };
      readonly impact?: components["schemas"]["ImportImpact"];
      readonly readiness?: components["schemas"]["ReadinessChange"];
      readonly confirmations?: readonly ("replace" | "repeats" | "changes")[];
      readonly code?: string;
      readonly import?: components["schemas"]["Import"];
      readonly problems?: readonly components["schemas"]["Problem"][];
      readonly problemTotal?: number;
      readonly message?: string;
      /** Goes up at each change of the job: give it back as `after` when polling (`?wait=&after=`), and a change made since is answered at once */
      readonly version?: number;
    };
    ImportImpact: {
      readonly kind: components["schemas"]["ImportKind"];
      readonly replaces: "kind" | "months" | "merge";
      readonly measures: readonly {
        readonly name: "rows" | "customers" | "people";
        readonly before: number;
        readonly after: number;
      }[];
      readonly emptiesKind: boolean;
      readonly halved: readonly ("rows" | "customers" | "people")[];
      readonly needsConfirmation: boolean;
      readonly months?: readonly {
        readonly month: string;
        readonly replaces: boolean;
        readonly rowsBefore: number;
        readonly rowsAfter: number;
        readonly customersBefore: number;
        readonly customersAfter: number;
        readonly eligibleAcrBefore: string;
        readonly eligibleAcrAfter: string;
        readonly eligibleAcrChange: string;
      }[];
      readonly eligibleAcrChange?: string;
      readonly message: string | null;
      /** Certifications only: People-page edits the file would change or remove, in words */
      readonly conflicts?: readonly string[];
      readonly people?: components["schemas"]["CertificationsPreview"];
      readonly score?: components["schemas"]["ScorePreview"];
    };
    /** Certifications only: what the file adds, changes and removes of the people records */
    CertificationsPreview: {
      readonly added: number;
      readonly changed: number;
      readonly removed: number;
      readonly unchanged: number;
      readonly conflicts: number;
      /** At most 50 lines: conflicts first, then by person and certification */
      readonly lines: readonly {
        readonly action: "add" | "change" | "remove";
        readonly personId: string;
        readonly certification: string;
        /** The records now (change, remove) */
        readonly before?: {
          readonly personName?: string;
          readonly earnedDate?: string;
          readonly expirationDate?: string;
          readonly associated?: boolean;
        };
        /** What the file makes of it (add, change) */
        readonly after?: {
          readonly personName?: string;
          readonly earnedDate?: string;
          readonly expirationDate?: string;
          readonly associated?: boolean;
        };
        readonly fields?: readonly ("personName" | "earnedDate" | "expirationDate" | "associated")[];
        /** The row was added or changed on the People page since the last import: the file overwrites that */
        readonly conflict: boolean;
        readonly editedBy?: string;
      }[];
      /** Lines left out of `lines` */
      readonly more: number;
    };
    /** Capability score only: the entry the file adds to the score's history */
    ScorePreview: {
      /** The date of the history entry the import adds */
      readonly shownOn: string;
      readonly fileName: string;
      readonly areas: readonly {
        readonly area: string;
        /** Total points before (null: none) */
        readonly before: string | null;
        readonly after: string | null;
        readonly metBefore: boolean;
        readonly metAfter: boolean;
      }[];
    };
    /** Readiness today before and after the import (as it would be, while it waits) */
    ReadinessChange: {
      readonly asOf: string;
      readonly before: {
        readonly ready: boolean;
        readonly eligibleToApply: boolean;
      };
      readonly after: {
        readonly ready: boolean;
        readonly eligibleToApply: boolean;
      };
      readonly requirements: readonly {
        readonly id: string;
        readonly title: string;
        readonly before: {
          readonly status: "met" | "not_met" | "no_data" | "unknown";
          readonly summary: string;
        };
        readonly after: {
          readonly status: "met" | "not_met" | "no_data" | "unknown";
          readonly summary: string;
        };
        readonly changed: boolean;
      }[];
      readonly changed: boolean;
    };
    Import: {
      readonly id: string;
      readonly kind: components["schemas"]["ImportKind"];
      readonly fileName: string;
      readonly size: number;
      readonly sha256: string;
      readonly rows: number;
      readonly months: readonly string[];
      readonly programId: string;
      readonly mapping: {
        readonly [key: string]: string;
      };
      readonly warnings: readonly components["schemas"]["InputWarning"][];
      readonly status: "active" | "reverted";
      readonly createdAt: string;
      readonly createdBy: {
        readonly id: string | null;
        readonly name: string;
      };
      readonly revertedAt: string | null;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    Member: {
      readonly userId: string;
      readonly name: string;
      readonly email: string;
      readonly role: components["schemas"]["Role"];
      readonly joinedAt: string;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    Invitation: {
      readonly id: string;
      readonly email: string;
      readonly role: components["schemas"]["Role"];
      readonly createdAt: string;
      readonly expiresAt: string;
      /** When the link went to the address by e-mail; null: it was copied by hand */
      readonly emailedAt: string | null;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    ActivityEntry: {
      readonly id: number;
      readonly at: string;
      readonly actor: {
        readonly kind: "user" | "token" | "system";
        readonly id: string | null;
        readonly name: string;
      };
      readonly action: string;
      readonly summary: string;
      /** What the action changed, by action */
      readonly details: {
        readonly [key: string]: components["schemas"]["JsonValue"];
      };
    };
    JsonValue: JsonValue;
    ApiToken: {
      readonly id: string;
      readonly name: string;
      readonly role: components["schemas"]["TokenRole"];
      readonly prefix: string;
      readonly createdAt: string;
      readonly createdBy: string | null;
      readonly lastUsedAt: string | null;
      readonly revokedAt: string | null;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    TokenRole: "contributor" | "auditor" | "viewer";
    CustomerProject: {
      readonly id: string;
      readonly customerTenantId: string;
      readonly customerName: string | null;
      readonly project: string;
      readonly workload: string | null;
      readonly aiServices: readonly string[];
      readonly completionDate: string;
      readonly greenfield: boolean | null;
      readonly stage: "production" | "pilot" | null;
      readonly evidenceCount: number;
      readonly createdAt: string;
      readonly updatedAt: string;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    CustomerProjectInput: {
      /** The customer's tenant ID (a GUID) */
      readonly customerTenantId: string;
      readonly customerName?: string | null;
      readonly project: string;
      readonly workload?: string | null;
      readonly aiServices?: readonly string[];
      readonly completionDate: string;
      readonly greenfield?: boolean | null;
      readonly stage?: "production" | "pilot" | null;
    };
    CustomerProjectPatch: {
      /** The customer's tenant ID (a GUID) */
      readonly customerTenantId?: string;
      readonly customerName?: string | null;
      readonly project?: string;
      readonly workload?: string | null;
      readonly aiServices?: readonly string[];
      readonly completionDate?: string;
      readonly greenfield?: boolean | null;
      readonly stage?: "production" | "pilot" | null;
    };
    EvidenceItem: {
      readonly id: string;
      readonly kind: components["schemas"]["EvidenceKind"];
      readonly title: string;
      readonly artifactType: string;
      readonly controls: readonly string[];
      readonly project: {
        readonly id: string;
        readonly customerTenantId: string;
        readonly customerName: string | null;
        readonly project: string;
        readonly completionDate: string;
      };
      readonly url: string | null;
      readonly note: string | null;
      readonly status: components["schemas"]["EvidenceStatus"];
      readonly currentRevision: components["schemas"]["EvidenceRevision"] | null;
      readonly revisionCount: number;
      readonly createdBy: string;
      readonly createdById: string | null;
      readonly createdAt: string;
      readonly updatedAt: string;
      readonly lastComment: string | null;
      /** Who produced the content as it is now: the uploader of the current revision, or who wrote the link's address or the note's text */
      readonly authorName: string;
      readonly approval: components["schemas"]["EvidenceApproval"] | null;
      /** Counts for the audit: approved for its content as it is now */
      readonly counts: boolean;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    EvidenceKind: "file" | "link" | "note";
    EvidenceStatus: "draft" | "ready" | "approved" | "changes_requested";
    EvidenceRevision: {
      readonly revision: number;
      readonly fileName: string;
      readonly size: number;
      readonly sha256: string;
      readonly mediaType: string;
      readonly uploadedBy: string;
      readonly uploadedAt: string;
    };
    EvidenceApproval: {
      /** The revision approved; null for a link or a note */
      readonly revision: number | null;
      /** SHA-256 of what was approved: the revision's bytes, or a link's address or note's text (UTF-8) */
      readonly sha256: string;
      readonly by: string;
      readonly at: string;
      /** Approved by the author of that content */
      readonly selfApproved: boolean;
    };
    EvidenceDetail: (components["schemas"]["EvidenceItem"]) & ({
      readonly revisions: readonly components["schemas"]["EvidenceRevision"][];
      readonly reviews: readonly components["schemas"]["EvidenceReview"][];
      /** Whether the caller may approve the item, and why not */
      readonly approvalRule: {
        readonly allowed: boolean;
        readonly reason: string | null;
        readonly selfApproval: boolean;
      };
    });
    EvidenceReview: {
      readonly fromStatus: components["schemas"]["EvidenceStatus"] | null;
      readonly toStatus: components["schemas"]["EvidenceStatus"];
      readonly comment: string | null;
      readonly actor: string;
      readonly at: string;
      readonly revision: number | null;
      readonly sha256: string | null;
      readonly selfApproved: boolean;
    };
    EvidenceCreate: {
      readonly title: string;
      readonly artifactType: string;
      readonly projectId: string;
      readonly controls: readonly string[];
      readonly kind: "link";
      readonly url: string;
    } | {
      readonly title: string;
      readonly artifactType: string;
      readonly projectId: string;
      readonly controls: readonly string[];
      readonly kind: "note";
      readonly note: string;
    };
    EvidencePatch: {
      readonly title?: string;
      readonly artifactType?: string;
      readonly projectId?: string;
      readonly controls?: readonly string[];
      readonly url?: string;
      readonly note?: string;
    };
    ReviewAction: {
      readonly action: "submit" | "approve" | "request_changes" | "reopen";
      readonly comment?: string;
      /** For approve: the revision looked at; refused (409) when a newer one came in */
      readonly revision?: number;
    };
    AuditReadiness: {
      readonly date: string;
      readonly today: string;
      /** approved: the audit's figures; if_all_approved: the what-if with everything pending review approved */
      readonly counting: "approved" | "if_all_approved";
      readonly status: "met" | "not_met";
      readonly statusIfApproved: "met" | "not_met";
      readonly pendingItems: number;
      readonly moduleAWaived: boolean;
      readonly waiver: {
        readonly module: string;
        readonly date: string;
        readonly until: string;
        readonly basis: string;
        readonly line: number;
      } | null;
      readonly summary: string;
      readonly rule: string;
      readonly evidenceWindow: {
        readonly from: string;
        readonly to: string;
      };
      readonly checklists: {
        readonly A: string;
        readonly B: string;
      };
      readonly controls: readonly components["schemas"]["ControlReadiness"][];
      /** True when the date is the planned audit date; false when there is no plan (today is used) */
      readonly planned: boolean;
    };
    ControlReadiness: {
      readonly id: string;
      readonly module: "A" | "B";
      readonly title: string;
      readonly requiredEvidence: string;
      readonly status: "met" | "not_met" | "waived";
      readonly required: number;
      readonly customerCount: number;
      readonly artifactsNeeded: number;
      readonly acceptedDocumentation: readonly string[];
      readonly specialty: {
        readonly options: readonly string[];
        readonly chosen: string | null;
      } | null;
      readonly missing: readonly string[];
      readonly warnings: readonly string[];
      readonly customers: readonly {
        readonly tenantId: string;
        readonly name: string | null;
        readonly counts: boolean;
        readonly pending: boolean;
        readonly projects: readonly components["schemas"]["ProjectReadiness"][];
        readonly importedRows: number;
      }[];
      readonly review: {
        readonly draft: number;
        readonly ready: number;
        readonly approved: number;
        readonly changes_requested: number;
      };
      readonly pending: {
        readonly items: number;
        readonly customers: number;
        readonly customerCountIfApproved: number;
        readonly statusIfApproved: "met" | "not_met" | "waived";
      };
    };
    ProjectReadiness: {
      readonly projectId: string;
      readonly project: string;
      readonly completionDate: string;
      readonly inWindow: boolean;
      readonly agesOutOn: string;
      readonly artifacts: number;
      readonly pendingArtifacts: number;
      readonly artifactsNeeded: number;
      readonly complete: boolean;
      readonly artifactTypes: readonly string[];
      readonly items: readonly {
        readonly id: string;
        readonly title: string;
        readonly kind: components["schemas"]["EvidenceKind"];
        readonly artifactType: string;
        readonly status: components["schemas"]["EvidenceStatus"];
        readonly approved: boolean;
      }[];
      readonly note: string | null;
    };
    AuditPlan: {
      readonly applicationDate: string | null;
      readonly auditDate: string | null;
      readonly modules: "B" | "A+B";
      /** The checklist version of each module live on the audit date (null: none in the program data) */
      readonly checklists: {
        readonly A: components["schemas"]["ChecklistRef"] | null;
        readonly B: components["schemas"]["ChecklistRef"] | null;
      };
      readonly measuredAgainst: readonly components["schemas"]["ChecklistUse"][];
      readonly timeline: readonly {
        readonly id: string;
        readonly step: string;
        readonly within: {
          readonly count: number;
          readonly unit: string;
        };
        readonly basis: string;
        readonly due: string | null;
        readonly planned: string | null;
        readonly onlyWithGaps: boolean;
      }[];
      readonly fees: readonly {
        readonly modules: string;
        readonly usd: string;
        readonly applies: boolean;
      }[];
      readonly warnings: readonly string[];
      readonly rule: string;
      readonly updatedBy: string | null;
      readonly updatedAt: string | null;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    AuditPlanInput: {
      readonly applicationDate: string | null;
      readonly auditDate: string | null;
      readonly modules: "B" | "A+B";
    };
    Finding: {
      readonly id: string;
      readonly controlId: string;
      readonly text: string;
      readonly status: "open" | "resolved";
      readonly response: string | null;
      readonly createdBy: string;
      readonly createdAt: string;
      readonly resolvedBy: string | null;
      readonly resolvedAt: string | null;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    FindingCreate: {
      readonly controlId: string;
      readonly text: string;
    };
    FindingPatch: {
      readonly status?: "open" | "resolved";
      readonly response?: string;
    };
    GapReport: {
      readonly id: string;
      readonly issuedOn: string;
      readonly summary: string | null;
      /** The findings open when it was issued, as they stood then */
      readonly findings: readonly {
        readonly id: string;
        readonly controlId: string;
        readonly text: string;
        readonly createdBy: string;
        readonly createdAt: string;
      }[];
      readonly issuedBy: string;
      readonly issuedAt: string;
    };
    GapReportCreate: {
      readonly issuedOn: string;
      readonly summary?: string;
    };
    AuditResult: {
      readonly id: string;
      readonly module: "A" | "B" | "A+B";
      readonly result: "Pass" | "No Pass";
      readonly date: string;
      readonly checklistVersion: string;
      readonly recordedBy: string;
      readonly recordedAt: string;
      /** Findings open (and acknowledged) when recorded */
      readonly openFindings: number;
      /** Set once withdrawn: it stays in the history and no longer counts */
      readonly withdrawn: {
        readonly by: string;
        readonly at: string;
        readonly reason: string;
      } | null;
      /** What withdrawing it would do to the Module A waiver (standing results) */
      readonly ifWithdrawn?: string | null;
      /** What recording or withdrawing it did */
      readonly effect?: string;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    AuditResultPreview: {
      /** What recording it will do, by the Module A waiver rule */
      readonly effect: string;
      /** The Module A waiver's last day after recording */
      readonly waiverUntil: string | null;
      readonly changesWaiver: boolean;
      readonly openFindings: readonly {
        readonly id: string;
        readonly controlId: string;
        readonly text: string;
      }[];
      readonly applicationDate: {
        readonly date: string;
        readonly source: string;
      } | null;
    };
    AuditResultCreate: {
      readonly module: "A" | "B" | "A+B";
      readonly result: "Pass" | "No Pass";
      readonly date: string;
      readonly checklistVersion: string;
      /** Record although findings are still open (required while any is) */
      readonly acknowledgeOpenFindings?: boolean;
    };
    AuditResultWithdraw: {
      readonly reason: string;
    };
    ProgramSettings: {
      /** The version every evaluation uses; null: the version in effect on the evaluated date */
      readonly pinnedProgramId: string | null;
      /** Whether provisional versions (readings Microsoft has not published) are chosen by date */
      readonly includeProvisional: boolean;
      readonly versions: readonly components["schemas"]["ProgramVersion"][];
      readonly today: components["schemas"]["VersionsUsed"];
    };
    ProgramVersion: {
      readonly id: string;
      readonly name: string;
      readonly version: string;
      readonly effectiveFrom: string | null;
      readonly effectiveTo: string | null;
      readonly period: string;
      readonly provisional: {
        readonly label: string;
        readonly reason: string;
      } | null;
      readonly changes: readonly string[];
    };
    Specializations: {
      /** The specializations the program data defines, the AI Platform first */
      readonly installed: readonly {
        readonly specialization: string;
        readonly name: string;
      }[];
      /** The specializations the organization pursues */
      readonly pursued: readonly string[];
      /** Each pursued specialization's requirements today, from the same usage, certifications and evidence */
      readonly summary: readonly components["schemas"]["SpecializationSummary"][];
    };
    SpecializationSummary: {
      readonly specialization: string;
      readonly name: string;
      readonly programId: string;
      readonly programVersion: string;
      readonly ready: boolean;
      readonly eligibleToApply: boolean;
      readonly requirements: readonly {
        readonly id: string;
        readonly title: string;
        readonly status: "met" | "not_met" | "no_data" | "unknown";
        readonly summary: string;
      }[];
    };
    SavedPlan: {
      readonly id: string;
      readonly name: string;
      readonly auditDate: string;
      readonly scenario: components["schemas"]["WhatIfScenario"];
      readonly active: boolean;
      readonly createdBy: string;
      readonly updatedBy: string;
      readonly createdAt: string;
      readonly updatedAt: string;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    /** A what-if scenario, the format of `specready plan --what-if FILE`, as read: both lists present (a request may leave either out); every problem is a 400 naming its field (`scenario.acr[0].from`). */
    WhatIfScenario: {
      readonly acr: readonly components["schemas"]["AcrWhatIf"][];
      readonly certifications: readonly components["schemas"]["CertificationWhatIf"][];
    };
    /** An ACR what-if from a month (not before the month in progress): a customer added at an amount per month, a PAL (never retroactive) or a customer stopping. A customer is its tenant id or name. */
    AcrWhatIf: {
      readonly type: "add";
      readonly customer: string;
      readonly customerName?: string;
      /** An amount written as text, e.g. "500" */
      readonly usdPerMonth: string;
      /** A month, YYYY-MM */
      readonly from: string;
    } | {
      readonly type: "pal";
      readonly customer: string;
      /** A month, YYYY-MM */
      readonly from: string;
    } | {
      readonly type: "stop";
      readonly customer: string;
      /** A month, YYYY-MM */
      readonly from: string;
    };
    /** A certification someone earns on a day */
    CertificationWhatIf: {
      /** Their PersonId */
      readonly person: string;
      readonly personName?: string;
      readonly certification: string;
      readonly earnedOn: string;
    };
    /** The same object as `specready plan --format json` prints for the same data. */
    Plan: {
      readonly program: string;
      readonly asOf: string;
      readonly auditDate: string;
      readonly scenario: components["schemas"]["WhatIfScenario"];
      readonly allocation: components["schemas"]["ReferenceAllocation"];
      readonly forecast: components["schemas"]["AcrForecast"];
      readonly certifications: components["schemas"]["CertificationPlan"];
      readonly actions: readonly components["schemas"]["PlanAction"][];
      readonly nextActions: readonly components["schemas"]["PlanAction"][];
    };
    /** The fewest customers to ask for references on the audit date (`exact` says whether proven), per customer the controls, artifacts missing and the day its project ages out, and the control x customer `grid`. */
    ReferenceAllocation: {
      readonly auditDate: string;
      readonly evidenceWindow: {
        readonly from: string;
        readonly to: string;
      };
      readonly moduleAWaived: boolean;
      readonly exact: boolean;
      readonly searchNodes: number;
      readonly lowerBound: number;
      readonly customers: readonly {
        readonly tenantId: string;
        readonly name: string | null;
        readonly countedForAcr: boolean;
        readonly approvedControls: number;
        readonly agesOutOn: string;
        readonly validDaysAfterAudit: number;
        readonly controls: readonly {
          readonly control: string;
          readonly title: string;
          readonly projectId: string;
          readonly project: string;
          readonly state: "ready" | "review" | "missing";
          readonly artifactsNeeded: number;
          readonly artifactsApproved: number;
          readonly pending: readonly {
            readonly title: string;
            readonly status: "draft" | "ready" | "approved" | "changes_requested";
          }[];
          readonly artifactsMissing: number;
          readonly suggestedArtifacts: readonly string[];
          readonly todo: string;
        }[];
      }[];
      readonly candidateCount: number;
      readonly uncoverable: readonly {
        readonly control: string;
        readonly required: number;
        readonly possible: number;
      }[];
      readonly specialtiesToChoose: readonly string[];
      readonly grid: readonly {
        readonly control: string;
        readonly title: string;
        readonly required: number;
        readonly customers: readonly {
          readonly tenantId: string;
          readonly state: "ready" | "review" | "missing";
        }[];
      }[];
      readonly summary: string;
      readonly rule: string;
    };
    /** Actual and forecast months with a low/high band, per month the performance judged on its window (`met`, `shownOn` in Partner Center), `firstMetMonth`, `lapseMonth`, per-customer run rates. */
    AcrForecast: {
      readonly asOf: string;
      readonly requiredMonthlyAverageUsd: number;
      readonly requiredCustomers: number;
      readonly method: string;
      /** A month, YYYY-MM */
      readonly lastActualMonth: string;
      readonly months: readonly {
        /** A month, YYYY-MM */
        readonly month: string;
        readonly actual: boolean;
        readonly usd: number;
        readonly lowUsd: number;
        readonly highUsd: number;
      }[];
      readonly performance: readonly {
        /** A month, YYYY-MM */
        readonly month: string;
        readonly window: readonly string[];
        readonly averageUsd: number;
        readonly lowAverageUsd: number;
        readonly highAverageUsd: number;
        readonly customers: number;
        readonly met: boolean;
        readonly metOnLow: boolean;
        readonly metOnHigh: boolean;
        readonly shownOn: string | null;
        readonly forecast: boolean;
      }[];
      /** A month, YYYY-MM */
      readonly firstMetMonth: string | null;
      /** A month, YYYY-MM */
      readonly lapseMonth: string | null;
      /** A month, YYYY-MM */
      readonly metAgainMonth: string | null;
      readonly customers: readonly {
        readonly tenantId: string;
        readonly name: string | null;
        readonly runRateUsd: number;
        readonly trendUsd: number;
        readonly errorUsd: number;
        readonly months: readonly {
          /** A month, YYYY-MM */
          readonly month: string;
          readonly usd: number;
          readonly lowUsd: number;
          readonly highUsd: number;
        }[];
        readonly whatIfs: readonly string[];
      }[];
      readonly whatIfs: readonly string[];
      readonly summary: string;
    };
    /** Checks on the audit date and its next anniversary, actions (renew, link a Learn profile, sit an exam) with dates, and the timeline of who holds what. */
    CertificationPlan: {
      readonly checks: readonly {
        readonly date: string;
        readonly label: string;
        readonly individualsNow: number;
        readonly metWithoutActions: boolean;
        readonly individuals: number;
        readonly holders: {
          readonly [key: string]: number;
        };
        readonly met: boolean;
      }[];
      readonly actions: readonly {
        readonly personId: string | null;
        readonly personName: string | null;
        readonly kind: "associate" | "renew" | "earn";
        readonly certification: string;
        readonly exam: string | null;
        readonly opensOn: string | null;
        readonly by: string;
        readonly reason: string;
      }[];
      readonly timeline: readonly {
        readonly personId: string;
        readonly personName: string | null;
        readonly certification: string;
        readonly from: string | null;
        readonly to: string | null;
        readonly kind: "held" | "renewed" | "planned" | "what-if";
      }[];
      readonly blocked: readonly {
        readonly certification: string;
        readonly date: string;
        readonly reason: string;
      }[];
      readonly summary: string;
      readonly rule: string;
    };
    PlanAction: {
      readonly area: "audit" | "performance" | "knowledge";
      readonly by: string;
      readonly text: string;
    };
    ActivePlan: {
      readonly saved: components["schemas"]["SavedPlan"];
      readonly nextActions: readonly components["schemas"]["PlanAction"][];
      readonly problem: string | null;
    };
    PeopleList: {
      readonly asOf: string;
      readonly programId: string;
      readonly minimumIndividuals: number | null;
      readonly people: readonly components["schemas"]["Person"][];
      readonly choices: readonly components["schemas"]["CertificationChoice"][];
      readonly editedRows: number;
    };
    Person: {
      readonly id: string;
      readonly personId: string;
      readonly name: string | null;
      readonly editedAt: string | null;
      readonly createdAt: string;
      readonly updatedAt: string;
      readonly certifications: readonly components["schemas"]["PersonCertification"][];
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    PersonCertification: {
      readonly id: string;
      readonly certification: string;
      readonly earnedOn: string | null;
      readonly expiresOn: string | null;
      readonly associated: boolean | null;
      readonly effectiveExpiry: string | null;
      readonly status: components["schemas"]["CertificationStatus"];
      readonly countsAs: string | null;
      readonly origin: "import" | "workspace";
      readonly importId: string | null;
      readonly sourceLine: number | null;
      readonly editedAt: string | null;
      readonly editedByName: string | null;
      readonly updatedAt: string;
    };
    CertificationStatus: "counting" | "not_associated" | "not_yet_earned" | "expired" | "does_not_count";
    CertificationChoice: {
      readonly id: string;
      readonly title: string;
      readonly countsAs: string | null;
    };
    PersonInput: {
      /** The PersonId Partner Center shows (an e-mail or an individual id) */
      readonly personId: string;
      readonly name?: string | null;
      readonly certifications?: readonly components["schemas"]["CertificationInput"][];
    };
    CertificationInput: {
      /** An exam or certification of the program's list, or any other as free text */
      readonly certification: string;
      readonly earnedOn?: string | null;
      readonly expiresOn?: string | null;
      /** Whether the Microsoft Learn profile is associated with the partner; null: not said (counts as yes) */
      readonly associated?: boolean | null;
    };
    PersonPatch: {
      /** The PersonId Partner Center shows (an e-mail or an individual id) */
      readonly personId?: string;
      readonly name?: string | null;
    };
    CertificationPatch: {
      /** An exam or certification of the program's list, or any other as free text */
      readonly certification?: string;
      readonly earnedOn?: string | null;
      readonly expiresOn?: string | null;
      readonly associated?: boolean | null;
    };
    CapabilityScoreView: {
      readonly areas: readonly string[];
      readonly metrics: readonly {
        readonly name: string;
        readonly category: string;
        readonly maxPoints: number | null;
      }[];
      readonly minimumTotalPoints: string;
      readonly everyMetricAbove: string;
      readonly entries: readonly components["schemas"]["ScoreEntry"][];
      readonly history: readonly components["schemas"]["ScoreHistoryPoint"][];
      readonly inEffect: readonly {
        readonly solutionArea: string;
        readonly metric: string;
        readonly points: string;
      }[];
      readonly anniversaries: readonly {
        readonly area: string;
        readonly anniversaryDate: string;
      }[];
    };
    ScoreEntry: {
      readonly id: string;
      readonly shownOn: string;
      readonly kind: "form" | "import";
      readonly solutionArea: string | null;
      readonly points: {
        readonly [key: string]: string;
      };
      readonly importId: string | null;
      readonly importFileName: string | null;
      readonly createdByName: string;
      readonly createdAt: string;
      readonly allowedActions: components["schemas"]["AllowedActions"];
    };
    ScoreHistoryPoint: {
      readonly entryId: string;
      readonly shownOn: string;
      readonly kind: "form" | "import";
      readonly label: string;
      readonly areas: readonly {
        readonly area: string;
        readonly totalPoints: string;
        readonly met: boolean;
        readonly pointsShort: string;
        readonly metricsWithoutPoints: readonly string[];
      }[];
    };
    ScoreEntryInput: {
      /** The day Partner Center showed these points */
      readonly shownOn: string;
      readonly solutionArea: string;
      /** Metric name -> points as shown */
      readonly points: {
        readonly [key: string]: string;
      };
    };
    GettingStarted: {
      readonly steps: readonly components["schemas"]["GettingStartedStep"][];
      readonly done: number;
      readonly total: number;
    };
    GettingStartedStep: {
      readonly kind: "azure-usage" | "certifications" | "capability-score" | "audit-evidence";
      readonly title: string;
      readonly where: readonly string[] | null;
      readonly report: string | null;
      readonly form: "people" | "capability-score" | "evidence" | null;
      readonly range: string | null;
      readonly replaces: string | null;
      readonly note: string | null;
      readonly sources: readonly {
        readonly key: string;
        readonly title: string;
        readonly url: string;
      }[];
      readonly done: boolean;
      readonly status: string;
    };
    ReminderPreferences: {
      readonly kinds: readonly {
        readonly kind: components["schemas"]["ReminderKind"];
        readonly label: string;
        readonly enabled: boolean;
      }[];
      /** The weekly digest (Mondays) */
      readonly digest: boolean;
    };
    ReminderKind: "certification_expiring" | "project_ageing_out" | "acr_window" | "review_waiting" | "changes_requested" | "open_finding" | "audit_deadline";
    ReminderSettings: {
      readonly reviewWaitDays: number;
      /** The Teams incoming webhook, its address masked (a secret); null when none */
      readonly teamsWebhook: {
        readonly masked: string;
      } | null;
      /** Whether the server sends e-mail (SPECREADY_SMTP_URL) */
      readonly email: boolean;
    };
    ReminderDeliveries: {
      readonly counts: {
        readonly pending: number;
        readonly sending: number;
        readonly sent: number;
        readonly failed: number;
      };
      readonly deliveries: readonly components["schemas"]["ReminderDelivery"][];
    };
    ReminderDelivery: {
      readonly id: string;
      readonly channel: "email" | "teams";
      /** The member's e-mail address; null for Teams */
      readonly recipient: string | null;
      readonly kind: string;
      readonly subject: string;
      readonly status: "pending" | "sending" | "sent" | "failed";
      readonly attempts: number;
      /** When it is tried again (pending only) */
      readonly nextAttemptAt: string | null;
      readonly lastError: string | null;
      readonly sentAt: string | null;
      readonly createdAt: string;
    };
  };
}
